# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Writes n web-access events as NDJSON, the same bytes for the same n and
# seed on every machine and every awk (its own Park-Miller generator, no
# srand/rand, integer arithmetic below 2^53 only):
#
#	awk -v n=200000 -v seed=1 -f bench/access.awk >access.ndjson
#
# One object a line: time (RFC 3339, ms, from 2024-05-01T00:00:00Z on,
# 30 ms apart on average), host (50, a few much busier than the rest),
# user, method, path, status (mostly 200, some 404 and 500), latency_ms
# (two decimals, e.g. 364.99), bytes, msg (8 to 15 lower-case words of a
# fixed vocabulary, skewed), ua.  bench/access.sh is the front end.

function rnd() {
	seed = (seed * 16807) % 2147483647
	return seed / 2147483647
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

# pickw(cum, k): an index 1..k drawn by the cumulative weights cum[].
function pickw(cum, k,    u, lo, hi, mid) {
	u = rnd() * cum[k]
	lo = 1; hi = k
	while (lo < hi) {
		mid = int((lo + hi) / 2)
		if (cum[mid] < u)
			lo = mid + 1
		else
			hi = mid
	}
	return lo
}

function msg(    k, i, s) {
	k = 8 + int(rnd() * 8)
	s = vocab[pickw(wcum, nw)]
	for (i = 1; i < k; i++)
		s = s " " vocab[pickw(wcum, nw)]
	return s
}

function record(    u, status, method, path, cents, bytes) {
	u = rnd()
	status = u < 0.90 ? 200 : u < 0.94 ? 304 : u < 0.975 ? 404 : \
	    u < 0.985 ? 403 : 500
	u = rnd()
	method = u < 0.80 ? "GET" : u < 0.92 ? "POST" : u < 0.96 ? "PUT" : \
	    "DELETE"
	path = paths[int(rnd() * np) + 1]
	if (path ~ /\/$/)
		path = path int(rnd() * 5000)
	cents = int(rnd() * rnd() * 200000) + 50
	if (status == 500)
		cents = cents * 3 + 100000
	bytes = status == 304 ? 0 : int(rnd() * rnd() * 90000) + 120
	printf "{\"time\":\"%s\",\"host\":\"%s\",\"user\":\"u%d\"," \
	    "\"method\":\"%s\",\"path\":\"%s\",\"status\":%d," \
	    "\"latency_ms\":%d.%02d,\"bytes\":%d,\"msg\":\"%s\"," \
	    "\"ua\":\"%s\"}\n", stamp(now), hosts[pickw(hcum, nh)],
	    int(rnd() * rnd() * 20000), method, path, status,
	    int(cents / 100), cents % 100, bytes, msg(), uas[int(rnd() * nu) + 1]
}

BEGIN {
	if (n == "")
		n = 200000
	if (seed == "")
		seed = 1
	seed = (seed % 2147483646) + 1
	nh = 50
	for (i = 1; i <= nh; i++) {
		hosts[i] = sprintf("web-%02d.example.net", i)
		hcum[i] = hcum[i - 1] + 1 / (i + 2)
	}
	nw = split("the request was served from cache after a slow " \
	    "upstream call to the backend which returned an error code " \
	    "because session token expired user retried and then got " \
	    "timeout while reading body from client connection reset by " \
	    "peer during handshake with proxy server on port eight " \
	    "thousand database query took longer than expected so worker " \
	    "pool queue was full dropping new jobs until memory pressure " \
	    "fell below limit", vocab, " ")
	for (i = 1; i <= nw; i++)
		wcum[i] = wcum[i - 1] + 1 / i
	np = split("/|/index.html|/login|/logout|/search|/api/v1/users/|" \
	    "/api/v1/orders/|/api/v1/items/|/api/v2/cart|/api/v2/checkout|" \
	    "/static/app.js|/static/app.css|/static/logo.png|/health|" \
	    "/metrics|/admin|/blog/|/docs/|/feed.xml|/favicon.ico", paths, "|")
	nu = split("Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0|" \
	    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15|" \
	    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0|" \
	    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4) Mobile/15E148|" \
	    "curl/8.5.0|python-requests/2.31.0|Go-http-client/1.1|" \
	    "Googlebot/2.1 (+http://www.google.com/bot.html)", uas, "|")
	now = 0
	for (r = 0; r < n; r++) {
		record()
		now += int(rnd() * 60)
	}
}
