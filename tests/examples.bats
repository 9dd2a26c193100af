#!/usr/bin/env bats
# Copyright (c) 2026 The stream tools authors.  ISC license: see LICENSE.
# Every pipeline of the EXAMPLES of the manual pages runs here, with the
# output the page shows (house style, habit 6), on copies of the bundled
# data in $BATS_TEST_TMPDIR; files a page only describes are written from
# the page.  Pipelines that follow a live log with tail -F run on the file
# itself instead.  Then the README's tour, and the example scripts, each
# from a temporary copy of examples/.

load test_helper

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
DATA="$REPO/examples/data"

setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
	cp "$DATA/access.ndjson" "$DATA/app.log" "$DATA/sensors.ndjson" \
	    "$DATA/hamlet.txt" .
}

# example <<'EOF' ... EOF: runs the pipeline read from standard input, as
# run_sh does: $status, $output (stdout) and $stderr are set.
example() {
	run_sh "$(cat)"
}

# rejected TOOL [FILE]: what TOOL says about the three malformed lines of
# the bundled access log, read as FILE, and the summary at exit.
rejected() {
	local f="${2:-access.ndjson}"
	printf '%s\n' \
	    "$1: $f:137: invalid JSON at column 60: unterminated string" \
	    "$1: $f:512: invalid JSON at column 1: unexpected character 'G'" \
	    "$1: $f:777: invalid JSON at column 184: expected string key" \
	    "$1: 3 of 1000 lines rejected (3 invalid JSON); first at $f:137"
}

# The files that swindow(1) and scount(1) describe in their pages.
write_clicks() {
	cat >clicks.ndjson <<'EOF'
{"ts":"2024-05-01T09:00:01Z","user":"ann","page":"/"}
{"ts":"2024-05-01T09:00:02Z","user":"bob","page":"/"}
{"ts":"2024-05-01T09:00:04Z","user":"ann","page":"/shop"}
{"ts":"2024-05-01T09:00:08Z","user":"ann","page":"/cart"}
{"ts":"2024-05-01T09:00:10Z","user":"bob","page":"/help"}
{"ts":"2024-05-01T09:00:11Z","user":"ann","page":"/pay"}
{"ts":"2024-05-01T09:00:06Z","user":"bob","page":"/faq"}
{"ts":"2024-05-01T09:00:25Z","user":"ann","page":"/"}
EOF
}

write_requests() {
	cat >access.ndjson <<'EOF'
{"ip":"10.0.0.1","method":"GET","path":"/","status":200}
{"ip":"10.0.0.2","method":"GET","path":"/login","status":200}
{"ip":"10.0.0.1","method":"POST","path":"/login","status":302}
{"ip":"10.0.0.3","method":"GET","path":"/missing","status":404}
{"ip":"10.0.0.2","method":"GET","path":"/","status":200}
{"ip":"10.0.0.1","method":"GET","path":"/","status":304}
EOF
}

# examples/ copied to a scratch tree whose bin/ is the real one.
copy_examples() {
	mkdir -p repo
	cp -R "$REPO/examples" repo/
	ln -s "$REPO/bin" repo/bin
}

# --- stream-tools(7) -------------------------------------------------------

@test "stream-tools(7): the pipeline of the description counts the non-200 statuses per key" {
	example <<'EOF'
printf '%s\n' \
    '10.0.0.1 - - [01/May/2024:12:00:00 +0000] "GET / HTTP/1.1" 404 12' \
    '10.0.0.2 - - [01/May/2024:12:00:01 +0000] "GET / HTTP/1.1" 200 12' |
    smap -R 'capture("^(?<ip>\\S+) .*\" (?<status>\\d{3}) ")' |
    sfilter '.status != "200"' | skey .status |
    swindow --tumbling 1m -a count | smap '{key, count}'
EOF
	assert_success
	assert_output '{"key":"404","count":1}'
}

@test "stream-tools(7): the access log examples print what the page shows" {
	# the malformed lines are set aside, then the server errors reshaped
	example <<'EOF'
sfilter --dead-letter rejected.txt true access.ndjson >valid.ndjson
EOF
	assert_failure 1
	assert_equal "$stderr" "$(rejected sfilter)"
	run wc -l <rejected.txt
	assert_output 3
	example <<'EOF'
sfilter '.status >= 500' valid.ndjson | smap '{ts, status, path}'
EOF
	assert_success
	assert_line --index 0 '{"ts":"2024-05-01T12:00:32.111Z","status":500,"path":"/api/users/161"}'
	assert_equal "${#lines[@]}" 19
	# slow API calls come with the time in seconds
	example <<'EOF'
sfilter '.ms > 1000 and (.path | startswith("/api/"))' valid.ndjson |
    smap '{t: (.ts | fromdate), path, ms}'
EOF
	assert_success
	assert_line --index 0 '{"t":1714564845.962,"path":"/api/orders","ms":1416.2}'
	assert_equal "${#lines[@]}" 32
	# requests per status, keyed once by skey
	example <<'EOF'
skey .status valid.ndjson | scount --top 3
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"200","count":865}
{"key":"304","count":51}
{"key":"201","count":37}'
	# server errors per five minutes with their median time
	example <<'EOF'
sfilter '.status >= 500' valid.ndjson |
    swindow --tumbling 5m -t .ts -a count -a 'p50(.ms)'
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":null,"start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:05:00.000Z","count":9,"p50":1025}
{"key":null,"start":"2024-05-01T12:05:00.000Z","end":"2024-05-01T12:10:00.000Z","count":10,"p50":1435}'
}

@test "stream-tools(7): the text and sensor examples print what the page shows" {
	# a plain-text log becomes records, errors only
	example <<'EOF'
smap -R 'capture("^(?<ts>\\S+) (?<level>\\w+) +\\[(?<comp>\\w+)\\] (?<msg>.*)")' \
    app.log | sfilter '.level == "ERROR"'
EOF
	assert_success
	assert_line --index 0 '{"ts":"2024-05-01T12:00:00.000Z","level":"ERROR","comp":"api","msg":"upstream timeout after 5000ms path=/api/orders"}'
	assert_equal "${#lines[@]}" 60
	# the most frequent words of a text
	example <<'EOF'
stokenize -R --lower hamlet.txt | scount --top 5
EOF
	assert_success
	assert_output '{"key":"the","count":20}
{"key":"of","count":15}
{"key":"to","count":15}
{"key":"and","count":12}
{"key":"that","count":7}'
	# windows are records, filtered like any other
	example <<'EOF'
skey .sensor sensors.ndjson |
    swindow --tumbling 10s --wait 2s -t .ts -a 'peak=max(.value)' |
    sfilter '.peak >= 25'
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"s1","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:10.000Z","peak":28}
{"key":"s3","start":"2024-05-01T12:00:10.000Z","end":"2024-05-01T12:00:20.000Z","peak":26}'
	# the live error filter, run on the file, keeps the error lines
	example <<'EOF'
sfilter -R 'test("\\s(error|fatal)\\s"; "i")' app.log
EOF
	assert_success
	assert_line --index 0 '"2024-05-01T12:00:00.000Z ERROR [api] upstream timeout after 5000ms path=/api/orders"'
	assert_equal "${#lines[@]}" "$(grep -c ' ERROR ' app.log)"
}

# --- smap(1) ---------------------------------------------------------------

@test "smap(1): the access log examples print what the page shows" {
	# three fields of each record; the malformed lines are reported
	example <<'EOF'
smap '{ts, path, ms}' access.ndjson
EOF
	assert_failure 1
	assert_equal "$stderr" "$(rejected smap)"
	assert_line --index 0 '{"ts":"2024-05-01T12:00:00.409Z","path":"/api/orders","ms":39.5}'
	assert_equal "${#lines[@]}" 997
	# filter and reshape at once
	example <<'EOF'
smap 'select(.status >= 500) | {ts, status, path}' access.ndjson
EOF
	assert_failure 1
	assert_line --index 0 '{"ts":"2024-05-01T12:00:32.111Z","status":500,"path":"/api/users/161"}'
	assert_equal "${#lines[@]}" 19
	# a field from the command line, and epoch seconds
	example <<'EOF'
smap --arg host "$(hostname)" '.host = $host | .ts |= fromdate' \
    access.ndjson
EOF
	assert_failure 1
	assert_line --index 0 "{\"ts\":1714564800.409,\"ip\":\"10.0.0.7\",\"method\":\"GET\",\"path\":\"/api/orders\",\"status\":200,\"ms\":39.5,\"bytes\":1663,\"ua\":\"python-requests/2.31.0\",\"host\":\"$(hostname)\"}"
	assert_equal "${#lines[@]}" 997
	# rejected lines are kept, and the exit status is 1
	example <<'EOF'
smap --dead-letter rejected.txt '{path, s: (.ms / 1000)}' \
    access.ndjson >out.ndjson
EOF
	assert_failure 1
	assert_equal "$stderr" "$(rejected smap)"
	run wc -l <out.ndjson
	assert_output 997
	run sed -n 2p rejected.txt
	assert_output 'GET /api/users 200 12.5ms'
}

@test "smap(1): the other examples print what the page shows" {
	# one record per element of an array
	example <<'EOF'
echo '{"id":7,"tags":["a","b"]}' | smap '.tags[] as $t | {id, tag: $t}'
EOF
	assert_success
	assert_output '{"id":7,"tag":"a"}
{"id":7,"tag":"b"}'
	# a plain-text log becomes records; other lines give nothing
	example <<'EOF'
smap -R 'capture("^(?<ts>\\S+) (?<level>\\w+) +(?<msg>.*)")' app.log
EOF
	assert_success
	assert_line --index 0 '{"ts":"2024-05-01T12:00:00.000Z","level":"ERROR","msg":"[api] upstream timeout after 5000ms path=/api/orders"}'
	assert_equal "${#lines[@]}" 600
	# the live capture, run on the file, gives the error lines
	example <<'EOF'
smap -R 'capture("^(?<ts>\\S+) ERROR +(?<msg>.*)")' app.log
EOF
	assert_success
	assert_line --index 0 '{"ts":"2024-05-01T12:00:00.000Z","msg":"[api] upstream timeout after 5000ms path=/api/orders"}'
	assert_equal "${#lines[@]}" 60
}

# --- sfilter(1) ------------------------------------------------------------

# sfilter_example EXPECTED_LINES FIRST_LINE: checks the result of one of
# sfilter(1)'s examples on the access log.
@test "smap(1): the -r and -j examples print what the page shows" {
	# a string as JSON, then as text
	example <<'EOF2'
echo '{"msg":"disk \"sda\" full"}' | smap .msg
EOF2
	assert_success
	assert_output '"disk \"sda\" full"'
	example <<'EOF2'
echo '{"msg":"disk \"sda\" full"}' | smap -r .msg
EOF2
	assert_success
	assert_output 'disk "sda" full'
	# the paths of the server errors, counted by sort and uniq
	example <<'EOF2'
sfilter '.status >= 500' access.ndjson 2>/dev/null | smap -r .path |
    sort | uniq -c | sort -rn | head -n 3
EOF2
	assert_success
	assert_output '     13 /api/users
      2 /api/orders
      1 /api/users/417'
	# several strings on one line
	example <<'EOF2'
echo '{"user":"ann","msg":"disk full"}' |
    smap -j '.user, ": ", .msg, "\n"'
EOF2
	assert_success
	assert_output 'ann: disk full'
}

sfilter_example() {
	assert_failure 1
	assert_equal "$stderr" "$(rejected sfilter)"
	assert_equal "${#lines[@]}" "$1"
	assert_line --index 0 "$2"
}

@test "sfilter(1): the filters of the access log keep what they should" {
	# server errors
	example <<'EOF'
sfilter '.status >= 500' access.ndjson
EOF
	sfilter_example 19 '{"ts":"2024-05-01T12:00:32.111Z","ip":"10.0.0.13","method":"GET","path":"/api/users/161","status":500,"ms":19.1,"bytes":60,"ua":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15"}'
	# everything but the health checks
	example <<'EOF'
sfilter -v '.path == "/health"' access.ndjson
EOF
	sfilter_example 906 '{"ts":"2024-05-01T12:00:00.409Z","ip":"10.0.0.7","method":"GET","path":"/api/orders","status":200,"ms":39.5,"bytes":1663,"ua":"python-requests/2.31.0"}'
	# requests for one user, by a regular expression
	example <<'EOF'
sfilter '.path | test("^/api/users/105$")' access.ndjson
EOF
	sfilter_example 4 '{"ts":"2024-05-01T12:02:13.677Z","ip":"10.0.0.2","method":"GET","path":"/api/users/105","status":200,"ms":73.6,"bytes":2860,"ua":"Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0"}'
	# values from the command line
	example <<'EOF'
sfilter --arg ip 10.0.0.7 '.ip == $ip' access.ndjson
EOF
	sfilter_example 46 '{"ts":"2024-05-01T12:00:00.409Z","ip":"10.0.0.7","method":"GET","path":"/api/orders","status":200,"ms":39.5,"bytes":1663,"ua":"python-requests/2.31.0"}'
	example <<'EOF'
sfilter --argjson codes '[502, 503]' \
    '.status as $s | any($codes[]; . == $s)' access.ndjson
EOF
	sfilter_example 11 '{"ts":"2024-05-01T12:00:49.025Z","ip":"10.0.0.12","method":"GET","path":"/api/users","status":503,"ms":4218.7,"bytes":0,"ua":"python-requests/2.31.0"}'
	# a time range
	example <<'EOF'
sfilter '.ts | fromdate | . >= 1714565100 and . < 1714565400' \
    access.ndjson
EOF
	sfilter_example 408 '{"ts":"2024-05-01T12:05:00.199Z","ip":"10.0.0.11","method":"GET","path":"/api/orders","status":200,"ms":24.4,"bytes":6588,"ua":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0"}'
}

@test "sfilter(1): the --slurpfile and -f examples keep what they should" {
	# blocked.json and slow.jq as the page shows them
	printf '%s\n' '"10.0.0.7"' '"10.0.0.13"' >blocked.json
	printf '%s\n' '# slow API calls, and every server error' \
	    '(.ms > 1000 and (.path | startswith("/api/")))' \
	    '    or .status >= 500' >slow.jq
	example <<'EOF'
sfilter --slurpfile blocked blocked.json \
    '.ip as $ip | any($blocked[]; . == $ip)' access.ndjson
EOF
	sfilter_example 70 '{"ts":"2024-05-01T12:00:00.409Z","ip":"10.0.0.7","method":"GET","path":"/api/orders","status":200,"ms":39.5,"bytes":1663,"ua":"python-requests/2.31.0"}'
	example <<'EOF'
sfilter -f slow.jq access.ndjson
EOF
	sfilter_example 40 '{"ts":"2024-05-01T12:00:32.111Z","ip":"10.0.0.13","method":"GET","path":"/api/users/161","status":500,"ms":19.1,"bytes":60,"ua":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Safari/605.1.15"}'
}

@test "sfilter(1): the text, pipeline, --strict and dead letter examples" {
	# lines of a plain-text log, as JSON strings
	example <<'EOF'
sfilter -R 'test("^\\S+ (ERROR|WARN) ")' app.log
EOF
	assert_success
	assert_equal "${#lines[@]}" 133
	assert_line --index 0 '"2024-05-01T12:00:00.000Z ERROR [api] upstream timeout after 5000ms path=/api/orders"'
	# the server errors, reshaped by smap
	example <<'EOF'
sfilter '.status >= 500' access.ndjson | smap '{ts, status, path}'
EOF
	assert_success
	assert_equal "$stderr" "$(rejected sfilter)"
	assert_equal "${#lines[@]}" 19
	assert_line --index 0 '{"ts":"2024-05-01T12:00:32.111Z","status":500,"path":"/api/users/161"}'
	# --strict stops at the first bad line with status 2
	example <<'EOF'
sfilter --strict true access.ndjson >/dev/null
EOF
	assert_failure 2
	assert_equal "$stderr" 'sfilter: access.ndjson:137: invalid JSON at column 60: unterminated string'
	# a stream split into valid records and rejected lines
	example <<'EOF'
sfilter --dead-letter rejected.txt true access.ndjson >valid.ndjson
EOF
	assert_failure 1
	run cat valid.ndjson rejected.txt
	assert_equal "${#lines[@]}" 1000
	run sort valid.ndjson rejected.txt
	assert_output "$(sort access.ndjson)"
}

# --- stokenize(1) ----------------------------------------------------------

@test "stokenize(1): every example prints what the page shows" {
	# the words of a book, most frequent first
	example <<'EOF'
stokenize -R --lower < hamlet.txt | scount
EOF
	assert_success
	assert_line --index 0 '{"key":"the","count":20}'
	assert_line --index 1 '{"key":"of","count":15}'
	assert_line --index 2 '{"key":"to","count":15}'
	# one record per word of a message, the message left out
	example <<'EOF'
echo '{"id":7,"text":"Ready, steady, go!"}' | stokenize -f .text
EOF
	assert_success
	assert_output '{"id":7,"token":"Ready"}
{"id":7,"token":"steady"}
{"id":7,"token":"go"}'
	# the text kept, the words lowercased in another field
	example <<'EOF'
echo '{"id":7,"text":"Ready, steady, go!"}' |
    stokenize -f .text --keep --as word --lower
EOF
	assert_success
	assert_output '{"id":7,"text":"Ready, steady, go!","word":"ready"}
{"id":7,"text":"Ready, steady, go!","word":"steady"}
{"id":7,"text":"Ready, steady, go!","word":"go"}'
	# apostrophes inside words belong to them
	example <<'EOF'
echo "L'ÉTÉ, c'est 'super'" | stokenize -R --lower
EOF
	assert_success
	assert_output "\"l'été\"
\"c'est\"
\"super\""
	# hashtags
	example <<'EOF'
printf '%s\n' 'New #release of #stokenize' | stokenize -R -p '#\w+'
EOF
	assert_success
	assert_output '"#release"
"#stokenize"'
	# tokens of a nested field
	example <<'EOF'
echo '{"msg":{"body":"Ça va?","lang":"fr"}}' |
    stokenize -f .msg.body --lower
EOF
	assert_success
	assert_output '{"msg":{"lang":"fr"},"token":"ça"}
{"msg":{"lang":"fr"},"token":"va"}'
}

# --- skey(1) ---------------------------------------------------------------

@test "skey(1): the keying examples print what the page shows" {
	# an access log keyed by user
	printf '%s\n' '{"user":"ann","region":"eu","ms":12}' \
	    '{"user":"bob","region":"us","ms":7}' >access.ndjson
	example <<'EOF'
skey .user access.ndjson
EOF
	assert_success
	assert_output '{"user":"ann","region":"eu","ms":12,"_key":"ann"}
{"user":"bob","region":"us","ms":7,"_key":"bob"}'
	# a key of two fields
	example <<'EOF'
echo '{"user":"ann","region":"eu"}' | skey .user .region
EOF
	assert_success
	assert_output '{"user":"ann","region":"eu","_key":"[\"ann\",\"eu\"]"}'
	# a computed key, in another field
	example <<'EOF'
echo '{"host":"WWW.Example.COM","port":443}' |
    skey --as site '(.host | ascii_downcase)'
EOF
	assert_success
	assert_output '{"host":"WWW.Example.COM","port":443,"site":"www.example.com"}'
	# a file whose name looks like an expression, after --
	echo '{"user":"ann"}' >.hidden.ndjson
	example <<'EOF'
skey .user -- .hidden.ndjson
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"user":"ann","_key":"ann"}'
	# records that cannot be keyed are kept, status 1
	example <<'EOF'
printf '%s\n' '{"user":"ann"}' '"x"' | skey --dead-letter bad.ndjson .user
EOF
	assert_failure 1
	assert_equal "$stderr" "skey: <stdin>:2: string record: only objects can have a key field; use smap to wrap it, e.g. smap '{value: .}'
skey: 1 of 2 lines rejected (1 string record: only objects can have a key field); first at <stdin>:2"
	assert_output '{"user":"ann","_key":"ann"}'
	assert_file_equal bad.ndjson '"x"
'
}

@test "skey(1): the bundled log is counted by status, and four workers share the keys" {
	# requests per status of the bundled log, with scount
	mkdir -p examples/data
	cp "$DATA/access.ndjson" examples/data/
	example <<'EOF'
skey .status examples/data/access.ndjson | scount --top 2
EOF
	assert_success
	assert_equal "$stderr" "$(rejected skey examples/data/access.ndjson)"
	assert_output '{"key":"200","count":865}
{"key":"304","count":51}'
	# four workers get every record in exactly one shard
	printf '{"user":"%s"}\n' ann bob carol dave 21 foobar abc >in
	example <<'EOF'
for i in 0 1 2 3; do skey --shard $i/4 .user < in > shard$i & done; wait
EOF
	assert_success
	run sort shard0 shard1 shard2 shard3
	assert_output "$(skey .user in | sort)"
	run grep -l '"21"' shard0 shard1 shard2 shard3
	assert_output shard0
	run grep -l '"foobar"' shard0 shard1 shard2 shard3
	assert_output shard2
	run grep -l '"abc"' shard0 shard1 shard2 shard3
	assert_output shard3
	# the shard of the key 21 is Kafka's partition of it
	example <<'EOF'
echo '{"user":"21"}' | skey --shard 0/4 .user
EOF
	assert_success
	assert_output '{"user":"21","_key":"21"}'
}

# --- swindow(1) ------------------------------------------------------------

@test "swindow(1): the page-view examples print what the page shows" {
	# tumbling windows of page views per user
	write_clicks
	example <<'EOF'
swindow --tumbling 10s --wait 5s -k .user -t .ts -a count \
    -a 'pages=collect(.page)' clicks.ndjson
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"ann","start":"2024-05-01T09:00:00.000Z","end":"2024-05-01T09:00:10.000Z","count":3,"pages":["/","/shop","/cart"]}
{"key":"bob","start":"2024-05-01T09:00:00.000Z","end":"2024-05-01T09:00:10.000Z","count":2,"pages":["/","/faq"]}
{"key":"ann","start":"2024-05-01T09:00:10.000Z","end":"2024-05-01T09:00:20.000Z","count":1,"pages":["/pay"]}
{"key":"bob","start":"2024-05-01T09:00:10.000Z","end":"2024-05-01T09:00:20.000Z","count":1,"pages":["/help"]}
{"key":"ann","start":"2024-05-01T09:00:20.000Z","end":"2024-05-01T09:00:30.000Z","count":1,"pages":["/"]}'
	# sliding windows of the last ten seconds, every five
	example <<'EOF'
swindow --sliding 10s --every 5s --wait 5s -t .ts clicks.ndjson
EOF
	assert_success
	assert_output '{"key":null,"start":"2024-05-01T08:59:55.000Z","end":"2024-05-01T09:00:05.000Z","count":3}
{"key":null,"start":"2024-05-01T09:00:00.000Z","end":"2024-05-01T09:00:10.000Z","count":5}
{"key":null,"start":"2024-05-01T09:00:05.000Z","end":"2024-05-01T09:00:15.000Z","count":4}
{"key":null,"start":"2024-05-01T09:00:10.000Z","end":"2024-05-01T09:00:20.000Z","count":2}
{"key":null,"start":"2024-05-01T09:00:20.000Z","end":"2024-05-01T09:00:30.000Z","count":1}
{"key":null,"start":"2024-05-01T09:00:25.000Z","end":"2024-05-01T09:00:35.000Z","count":1}'
	# sessions per user, bridged by a late view
	example <<'EOF'
swindow --session 5s --wait 5s -k .user -t .ts -a count \
    -a 'pages=collect(.page)' clicks.ndjson
EOF
	assert_success
	assert_output '{"key":"bob","start":"2024-05-01T09:00:02.000Z","end":"2024-05-01T09:00:15.000Z","count":3,"pages":["/","/faq","/help"]}
{"key":"ann","start":"2024-05-01T09:00:01.000Z","end":"2024-05-01T09:00:16.000Z","count":4,"pages":["/","/shop","/cart","/pay"]}
{"key":"ann","start":"2024-05-01T09:00:25.000Z","end":"2024-05-01T09:00:30.000Z","count":1,"pages":["/"]}'
	# a late view is counted on stderr, or kept with --late
	example <<'EOF'
swindow --tumbling 10s -k .user -t .ts clicks.ndjson >/dev/null
EOF
	assert_success
	assert_equal "$stderr" 'swindow: 1 late event dropped (--late FILE keeps them)'
	example <<'EOF'
swindow --tumbling 10s -k .user -t .ts --late late.ndjson \
    clicks.ndjson >/dev/null; cat late.ndjson
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"ts":"2024-05-01T09:00:06Z","user":"bob","page":"/faq"}'
}

@test "swindow(1): the sensor examples print what the page shows" {
	# the sum per sensor over five-second windows
	example <<'EOF'
swindow --tumbling 5s --wait 2s -k .sensor -t .ts \
    -a 'total=sum(.value)' sensors.ndjson
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"key":"s1","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":106}
{"key":"s2","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":96.75}
{"key":"s3","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":115}
{"key":"s1","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":129.25}
{"key":"s2","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":98.5}
{"key":"s3","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":114.25}
{"key":"s1","start":"2024-05-01T12:00:10.000Z","end":"2024-05-01T12:00:15.000Z","total":105}
{"key":"s2","start":"2024-05-01T12:00:10.000Z","end":"2024-05-01T12:00:15.000Z","total":96.75}
{"key":"s3","start":"2024-05-01T12:00:10.000Z","end":"2024-05-01T12:00:15.000Z","total":118.5}
{"key":"s1","start":"2024-05-01T12:00:15.000Z","end":"2024-05-01T12:00:20.000Z","total":105.75}
{"key":"s2","start":"2024-05-01T12:00:15.000Z","end":"2024-05-01T12:00:20.000Z","total":97.5}
{"key":"s3","start":"2024-05-01T12:00:15.000Z","end":"2024-05-01T12:00:20.000Z","total":119.75}'
	# the late reading on a side output, descriptor 3
	example <<'EOF'
swindow --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)' \
    --late /dev/fd/3 sensors.ndjson 3>&1 >/dev/null
EOF
	assert_success
	assert_equal "$stderr" ''
	assert_output '{"ts":"2024-05-01T12:00:09Z","sensor":"s2","value":19.5}'
	# spells of 25 degrees or more, per sensor
	example <<'EOF'
sfilter '.value >= 25' sensors.ndjson |
    swindow --session 2s -k .sensor -t .ts -a count -a 'peak=max(.value)'
EOF
	assert_success
	assert_output '{"key":"s1","start":"2024-05-01T12:00:06.000Z","end":"2024-05-01T12:00:11.000Z","count":4,"peak":28}
{"key":"s3","start":"2024-05-01T12:00:14.000Z","end":"2024-05-01T12:00:17.000Z","count":2,"peak":26}
{"key":"s3","start":"2024-05-01T12:00:18.000Z","end":"2024-05-01T12:00:20.000Z","count":1,"peak":25.25}'
	# the key set by skey, several aggregates, epoch bounds
	example <<'EOF'
skey .sensor sensors.ndjson | swindow --tumbling 10s --wait 2s \
    -t .ts --epoch -a 'lo=min(.value)' -a 'hi=max(.value)' -a 'p50(.value)'
EOF
	assert_success
	assert_output '{"key":"s1","start":1714564800,"end":1714564810,"lo":20.75,"hi":28,"p50":21.25}
{"key":"s2","start":1714564800,"end":1714564810,"lo":19,"hi":20,"p50":19.5}
{"key":"s3","start":1714564800,"end":1714564810,"lo":22.5,"hi":23.5,"p50":22.75}
{"key":"s1","start":1714564810,"end":1714564820,"lo":20.5,"hi":21.5,"p50":21}
{"key":"s2","start":1714564810,"end":1714564820,"lo":19,"hi":20,"p50":19.25}
{"key":"s3","start":1714564810,"end":1714564820,"lo":22.5,"hi":26,"p50":23.25}'
	# the running total after each reading, then the final one
	example <<'EOF'
sfilter '.sensor == "s1"' sensors.ndjson | head -n 3 |
    swindow --tumbling 5s -t .ts --epoch --emit update -a 'sum(.value)'
EOF
	assert_success
	assert_output '{"key":null,"start":1714564800,"end":1714564805,"sum":21,"final":false}
{"key":null,"start":1714564800,"end":1714564805,"sum":42.25,"final":false}
{"key":null,"start":1714564800,"end":1714564805,"sum":63.75,"final":false}
{"key":null,"start":1714564800,"end":1714564805,"sum":63.75,"final":true}'
}

@test "swindow(1): the live count per status, run on the file, counts every record" {
	example <<'EOF'
swindow --tumbling 1m -k .status access.ndjson | smap '.count'
EOF
	# Processing time: the rows fall in the current minute, or two.
	assert_success
	assert_equal "$stderr" "$(rejected swindow)"
	assert_equal "$(printf '%s\n' "${lines[@]}" | awk '{ n += $1 } END { print n }')" 997
}

# --- scount(1) -------------------------------------------------------------

@test "scount(1): every offline example prints what the page shows" {
	# the ten most frequent words of a text
	mkdir -p examples/data
	cp hamlet.txt examples/data/
	example <<'EOF'
stokenize -R --lower examples/data/hamlet.txt | scount --top 10
EOF
	assert_success
	assert_output '{"key":"the","count":20}
{"key":"of","count":15}
{"key":"to","count":15}
{"key":"and","count":12}
{"key":"that","count":7}
{"key":"a","count":5}
{"key":"sleep","count":5}
{"key":"be","count":4}
{"key":"we","count":4}
{"key":"bear","count":3}'
	# requests per status code
	write_requests
	example <<'EOF'
scount -k .status access.ndjson
EOF
	assert_success
	assert_output '{"key":200,"count":3}
{"key":302,"count":1}
{"key":304,"count":1}
{"key":404,"count":1}'
	# requests per status class, by class
	example <<'EOF'
scount -k '"\(.status / 100 | floor)xx"' --sort key access.ndjson
EOF
	assert_success
	assert_output '{"key":"2xx","count":3}
{"key":"3xx","count":2}
{"key":"4xx","count":1}'
	# an array key, and whole records counted like uniq -c
	example <<'EOF'
scount -k '[.method, .status]' --sort key access.ndjson
EOF
	assert_success
	assert_output '{"key":["GET",200],"count":3}
{"key":["GET",304],"count":1}
{"key":["GET",404],"count":1}
{"key":["POST",302],"count":1}'
	example <<'EOF'
smap '{method}' access.ndjson | scount
EOF
	assert_success
	assert_output '{"key":{"method":"GET"},"count":5}
{"key":{"method":"POST"},"count":1}'
	# a key chosen upstream by skey
	example <<'EOF'
skey .method .status access.ndjson | scount --top 2
EOF
	assert_success
	assert_output '{"key":"[\"GET\",200]","count":3}
{"key":"[\"GET\",304]","count":1}'
	# the number of distinct client addresses
	example <<'EOF'
scount -k .ip access.ndjson | wc -l
EOF
	assert_success
	assert_output 3
	# a row for every request, then the final table
	example <<'EOF'
scount --running -k .ip access.ndjson
EOF
	assert_success
	assert_output '{"key":"10.0.0.1","count":1}
{"key":"10.0.0.2","count":1}
{"key":"10.0.0.1","count":2}
{"key":"10.0.0.3","count":1}
{"key":"10.0.0.2","count":2}
{"key":"10.0.0.1","count":3}
{"key":"10.0.0.1","count":3}
{"key":"10.0.0.2","count":2}
{"key":"10.0.0.3","count":1}'
}

@test "scount(1): the live top three, run on the file, ends with a timed table" {
	write_requests
	example <<'EOF'
scount -k .path --top 3 --every 1s access.ndjson
EOF
	assert_success
	local at='"at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"'
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp "^\\{\"key\":\"/\",\"count\":3,$at\\}\$"
	assert_line --index 1 --regexp "^\\{\"key\":\"/login\",\"count\":2,$at\\}\$"
	assert_line --index 2 --regexp "^\\{\"key\":\"/missing\",\"count\":1,$at\\}\$"
}

# --- README.md -------------------------------------------------------------

@test "README: the tour prints what the README shows" {
	example <<'EOF'
sfilter --dead-letter rejected.txt true access.ndjson >valid.ndjson
EOF
	assert_failure 1
	assert_equal "$stderr" "$(rejected sfilter)"
	example <<'EOF'
sfilter '.status >= 500' valid.ndjson | smap '{ts, status, path, ms}' | head -n 3
EOF
	assert_output '{"ts":"2024-05-01T12:00:32.111Z","status":500,"path":"/api/users/161","ms":19.1}
{"ts":"2024-05-01T12:00:49.025Z","status":503,"path":"/api/users","ms":4218.7}
{"ts":"2024-05-01T12:01:22.727Z","status":502,"path":"/api/users","ms":3999.1}'
	example <<'EOF'
stokenize -R --lower < hamlet.txt | scount --top 5
EOF
	assert_output '{"key":"the","count":20}
{"key":"of","count":15}
{"key":"to","count":15}
{"key":"and","count":12}
{"key":"that","count":7}'
	example <<'EOF'
skey .status valid.ndjson | scount
EOF
	assert_output '{"key":"200","count":865}
{"key":"304","count":51}
{"key":"201","count":37}
{"key":"404","count":17}
{"key":"401","count":8}
{"key":"500","count":8}
{"key":"502","count":6}
{"key":"503","count":5}'
	example <<'EOF'
swindow --tumbling 5s --wait 2s -k .sensor -t .ts -a 'total=sum(.value)' sensors.ndjson | head -n 6
EOF
	assert_equal "$stderr" ''
	assert_output '{"key":"s1","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":106}
{"key":"s2","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":96.75}
{"key":"s3","start":"2024-05-01T12:00:00.000Z","end":"2024-05-01T12:00:05.000Z","total":115}
{"key":"s1","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":129.25}
{"key":"s2","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":98.5}
{"key":"s3","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":114.25}'
	# "Without --wait s2's second window sums 79", and the late one is counted.
	example <<'EOF'
swindow --tumbling 5s -k .sensor -t .ts -a 'total=sum(.value)' sensors.ndjson | sed -n 5p
EOF
	assert_output '{"key":"s2","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":79}'
	assert_equal "$stderr" 'swindow: 1 late event dropped (--late FILE keeps them)'
}

# --- examples/ -------------------------------------------------------------

@test "examples/demo.sh runs to the end" {
	copy_examples
	run_sh 'sh repo/examples/demo.sh'
	assert_success
	assert_line '{"ms":"n/a"}'
	assert_line 'demo: done'
}

@test "examples/sensors.sh runs to the end and shows the late reading" {
	copy_examples
	run_sh 'sh repo/examples/sensors.sh'
	assert_success
	assert_line 'late: {"ts":"2024-05-01T12:00:09Z","sensor":"s2","value":19.5}'
	assert_line '{"key":"s2","start":"2024-05-01T12:00:05.000Z","end":"2024-05-01T12:00:10.000Z","total":98.5}'
}

@test "examples/wordcount.sh runs and puts \"the\" first" {
	[ -f "$REPO/examples/wordcount.sh" ] || skip "no examples/wordcount.sh"
	copy_examples
	run_sh 'sh repo/examples/wordcount.sh'
	assert_success
	assert_line --index 0 '{"key":"the","count":20}'
}
