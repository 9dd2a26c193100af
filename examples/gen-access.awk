# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Writes a synthetic web access log as NDJSON, the same bytes on every
# machine and every awk (its own Park-Miller generator, no srand/rand):
#
#	awk -v n=1000 -v bad=1 -f examples/gen-access.awk \
#	    >examples/data/access.ndjson
#
# n records (default 1000), from 2024-05-01T12:00:00Z on; bad=1 mixes in
# three malformed lines (at lines 137, 512 and 777), to show what the
# tools do with bad input.  bench/run.sh uses it with bad=0.

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

function record(    r, path, method, status, ms, bytes, ua, ip) {
	ip = (rnd() < 0.9) ? "10.0.0." (int(rnd() * rnd() * 40) + 2) \
	    : "192.168.1." (int(rnd() * 200) + 20)
	ua = pick("Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0|" \
	    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15|" \
	    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0|" \
	    "curl/8.5.0|python-requests/2.31.0")
	method = "GET"
	status = 200
	r = rnd()
	if (r < 0.08) {
		path = "/health"; ua = "kube-probe/1.29"
		ms = 0.2 + rnd(); bytes = 15
	} else if (r < 0.30) {
		path = pick("/static/app.js|/static/app.css|/static/logo.svg")
		if (rnd() < 0.3) { status = 304; bytes = 0 }
		else bytes = int(2000 + rnd() * 90000)
		ms = 1 + rnd() * 4
	} else if (r < 0.36) {
		path = "/login"; method = "POST"
		status = (rnd() < 0.15) ? 401 : 200
		ms = 40 + rnd() * 60; bytes = 120
	} else {
		r = rnd()
		if (r < 0.35) path = "/api/users"
		else if (r < 0.6) path = "/api/users/" int(1 + rnd() * 500)
		else if (r < 0.85) path = "/api/orders"
		else path = "/api/orders/" int(1000 + rnd() * 9000)
		if (path ~ /orders$/ && rnd() < 0.3) method = "POST"
		else if (path ~ /[0-9]$/ && rnd() < 0.05) method = "DELETE"
		ms = 5 + rnd() * rnd() * 120
		bytes = int(200 + rnd() * 8000)
		r = rnd()
		if (path ~ /[0-9]$/ && r < 0.08) { status = 404; bytes = 40 }
		else if (r > 0.982) { status = 500; bytes = 60 }
		else if (r > 0.965) {
			status = (rnd() < 0.5) ? 502 : 503
			ms = 1000 + rnd() * 4000; bytes = 0
		} else if (rnd() < 0.04) ms = 200 + rnd() * 2000
		if (method == "POST" && status == 200) status = 201
	}
	return "{\"ts\":\"" stamp(now) "\",\"ip\":\"" ip "\",\"method\":\"" \
	    method "\",\"path\":\"" path "\",\"status\":" status ",\"ms\":" \
	    sprintf("%.1f", ms) ",\"bytes\":" bytes ",\"ua\":\"" ua "\"}"
}

BEGIN {
	if (n == "") n = 1000
	seed = 20240501
	now = 12 * 3600000
	for (i = 1; i <= n; i++) {
		now += int(rnd() * 1000)
		line = record()
		if (bad && i == 137)
			line = substr(line, 1, 61)
		else if (bad && i == 512)
			line = "GET /api/users 200 12.5ms"
		else if (bad && i == 777)
			sub(/}$/, ",}", line)
		print line
	}
}
