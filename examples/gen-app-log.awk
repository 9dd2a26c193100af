# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Writes a synthetic plain-text application log, the same bytes on every
# machine and every awk (its own Park-Miller generator, no srand/rand):
#
#	awk -v n=600 -f examples/gen-app-log.awk >examples/data/app.log
#
# Lines look like
#	2024-05-01T12:00:03.456Z ERROR [db] query failed: connection reset
# and an ERROR from db is followed by indented stack-trace lines, which
# are not in that format.

function rnd() {
	seed = (seed * 16807) % 2147483647
	return seed / 2147483647
}

function pick(list,    a, k) {
	k = split(list, a, "|")
	return a[int(rnd() * k) + 1]
}

function pad(x, w) {
	return sprintf("%0" w "d", x)
}

function stamp(t,    d, h, m, s) {
	d = int(t / 86400000); t -= d * 86400000
	h = int(t / 3600000); t -= h * 3600000
	m = int(t / 60000); t -= m * 60000
	s = int(t / 1000); t -= s * 1000
	return "2024-05-" pad(d + 1, 2) "T" pad(h, 2) ":" pad(m, 2) ":" \
	    pad(s, 2) "." pad(t, 3) "Z"
}

function user() {
	return pick("alice|bob|carol|dave|erin|frank")
}

function emit(level, comp, msg) {
	printf "%s %-5s [%s] %s\n", stamp(now), level, comp, msg
}

BEGIN {
	if (n == "") n = 600
	seed = 7
	now = 12 * 3600000
	for (i = 1; i <= n; i++) {
		now += int(rnd() * 1500)
		r = rnd()
		if (r < 0.55)
			emit("INFO", "api", pick("GET|GET|GET|POST") " " \
			    pick("/api/users|/api/orders|/api/users/" \
			    int(1 + rnd() * 500)) " " \
			    pick("200|200|200|201|404") " " \
			    sprintf("%.1f", 5 + rnd() * 80) "ms")
		else if (r < 0.65)
			emit("INFO", "worker", "job " (1000 + i) " done in " \
			    int(50 + rnd() * 900) "ms")
		else if (r < 0.72)
			emit("DEBUG", "cache", pick("hit|hit|miss") \
			    " key=user:" int(1 + rnd() * 500))
		else if (r < 0.79)
			emit("INFO", "auth", "login ok user=" user())
		else if (r < 0.85)
			emit("WARN", "auth", "bad password user=" user() \
			    " ip=10.0.0." int(2 + rnd() * 40))
		else if (r < 0.91)
			emit("WARN", "db", "slow query " int(500 + rnd() * 2500) \
			    "ms: " pick("SELECT * FROM orders WHERE user_id = ?|" \
			    "UPDATE users SET seen = now() WHERE id = ?"))
		else if (r < 0.955)
			emit("ERROR", "api", "upstream timeout after 5000ms path=" \
			    pick("/api/orders|/api/users"))
		else {
			emit("ERROR", "db", "query failed: " \
			    pick("connection reset by peer|" \
			    "deadlock detected|too many connections"))
			print "    at Pool.query (db.js:88:11)"
			print "    at Orders.list (orders.js:31:5)"
		}
	}
}
