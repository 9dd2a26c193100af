#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"

static const struct {
	const char *name;
	int64_t ns;
} units[] = {
	/* "ms" before "m" so that the longest unit wins */
	{ "ns", 1 },
	{ "us", 1000 },
	{ "ms", 1000000 },
	{ "s", 1000000000LL },
	{ "m", 60000000000LL },
	{ "h", 3600000000000LL },
	{ "d", 86400000000000LL },
};

int
duration_parse(const char *text, int64_t *ns)
{
	const char *p = text;
	double total = 0, n;
	char *end;
	size_t i, len;

	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
		n = strtod(p, &end);
		if (end == p)
			return -1;
		p = end;
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			len = strlen(units[i].name);
			if (strncmp(p, units[i].name, len) == 0 &&
			    !isalpha((unsigned char)p[len]))
				break;
		}
		if (i == sizeof(units) / sizeof(units[0]))
			return -1;
		total += n * (double)units[i].ns;
		p += strlen(units[i].name);
	}
	if (total >= 9.2e18)
		return -1;
	*ns = (int64_t)(total + 0.5);
	return 0;
}
