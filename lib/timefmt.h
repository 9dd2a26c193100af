/* Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE. */
#ifndef TIMEFMT_H
#define TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/*
 * Time: parsing and formatting of timestamps, and jq's time builtins.
 * Instants are integer nanoseconds since the Unix epoch (int64_t, about
 * years 1678..2262), never doubles, so event times compare exactly.
 */

/*
 * Parse an RFC 3339 / ISO 8601 timestamp: YYYY-MM-DD, then 'T', 't' or
 * ' ', hh:mm[:ss[.fraction]], then 'Z', 'z', +hh:mm, -hh:mm, +hhmm or
 * +hh, or no zone (UTC).  The date alone ("2024-05-01") is midnight UTC.
 * The fraction may have any number of digits; digits past nanoseconds
 * are truncated.  Written for this: no strptime, no locale, no TZ.
 * Returns 0 and sets *ns, or -1 when s (n bytes) is not such a timestamp.
 */
int timefmt_parse_rfc3339(const char *s, size_t n, int64_t *ns);

/*
 * Parse s with a strptime(3) format (--time-format).  With %z in fmt the
 * offset in s applies; else s is UTC, or local time (TZ) when local is
 * set.  The broken-down time must be a real one: it is checked by a
 * round trip, so 2024-02-31, 25:00 or a local time skipped by a daylight
 * saving change are refused (a leap second, :60, is the next second).
 * Returns 0 and sets *ns, -1 when s does not match, -2 when the time is
 * outside int64_t nanoseconds, -3 when it matches but does not exist.
 */
int timefmt_parse_format(const char *s, const char *fmt, int local,
    int64_t *ns);

/*
 * Whether name (the TZ variable's value, as for --tz) names a time zone:
 * "UTC" or "GMT"; a POSIX TZ rule such as "EST5EDT" or
 * "<+0330>-3:30"; or a TZif file, absolute or under $TZDIR, else
 * /usr/share/zoneinfo ("Europe/Paris").  A leading ':' is ignored.
 * glibc itself quietly takes an unknown zone for UTC.
 */
int timefmt_zone_valid(const char *name);

/*
 * Format ns as RFC 3339 UTC with milliseconds: 2024-05-01T12:00:00.250Z.
 * out must hold TIMEFMT_RFC3339_LEN bytes (NUL included).
 */
#define TIMEFMT_RFC3339_LEN 32
void timefmt_format_rfc3339(int64_t ns, char *out);

/*
 * jq's time builtins.  Each takes its input (and argument) as jansson
 * values and returns a new reference, or NULL with err (errlen bytes)
 * set to jq's message, e.g. "strptime/1 requires string inputs and
 * arguments".  A "broken down time" is jq's array
 * [year, month 0-11, mday, hours, minutes, seconds (may be fractional),
 *  wday, yday], in UTC but for localtime and strflocaltime.
 */
json_t *timefmt_now(void);				      /* now */
json_t *timefmt_gmtime(json_t *in, char *err, size_t errlen); /* gmtime */
json_t *timefmt_mktime(json_t *in, char *err, size_t errlen); /* mktime */
/* localtime: gmtime in the zone of TZ (localtime(3)) */
json_t *timefmt_localtime(json_t *in, char *err, size_t errlen);
json_t *timefmt_strftime(json_t *in, json_t *fmt, char *err,
    size_t errlen); /* strftime(fmt); a number input is gmtime'd first */
json_t *timefmt_strflocaltime(json_t *in, json_t *fmt, char *err,
    size_t errlen); /* strflocaltime(fmt): strftime in local time */
json_t *timefmt_strptime(json_t *in, json_t *fmt, char *err,
    size_t errlen); /* strptime(fmt), with %z honoured */
/*
 * fromdateiso8601 and fromdate: better than jq 1.6, accepts every form
 * timefmt_parse_rfc3339 does; returns an integer when there is no
 * fraction, else a real with the fraction.
 */
json_t *timefmt_fromdate(json_t *in, char *err, size_t errlen);
/* todate, todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ") */
json_t *timefmt_todate(json_t *in, char *err, size_t errlen);

#endif
