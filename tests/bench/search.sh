#!/usr/bin/env bash
# Benchmark: `grab search` beside curl sending the same request to the same local sandbox.
#
# Both pay a process start and one loopback HTTP round trip; grab also resolves stations,
# decodes and normalizes the answer and prints it. Prints a Markdown table of mean wall time
# per run and peak memory (max RSS). Usage: tests/bench/search.sh [RUNS]  (default 50)
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-50}
port=18765
endpoint="http://127.0.0.1:$port/grabTicket/action"
data_dir=$(mktemp -d)

cargo build --release --quiet
grab=target/release/grab

GRAB_DATA_DIR=$data_dir "$grab" -q sandbox --addr "127.0.0.1:$port" &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 50); do
    curl -s -o /dev/null "$endpoint/dataDictionary.php?key=sandbox" && break
    sleep 0.1
done

date=$(TZ=Asia/Shanghai date -d tomorrow +%Y%m%d)
grab_cmd=(env GRAB_ENDPOINT="$endpoint" JUHE_KEY=sandbox GRAB_DATA_DIR="$data_dir" "$grab" search 上海 北京 "$date")
curl_cmd=(curl -s -X POST --data-urlencode key=sandbox --data-urlencode from=上海 --data-urlencode to=北京
          --data-urlencode "date=$date" --data-urlencode type=1 "$endpoint/search.php")

mean_ms() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$@" > /dev/null; done
    end=$(date +%s%N)
    echo "scale=2; ($end - $start) / $runs / 1000000" | bc
}

peak_kib() {
    /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -n 1
}

"${grab_cmd[@]}" > /dev/null
"${curl_cmd[@]}" > /dev/null

echo "| command | mean wall time per run (ms, $runs runs) | peak memory (KiB) |"
echo "| --- | --- | --- |"
echo "| grab search 上海 北京 | $(mean_ms "${grab_cmd[@]}") | $(peak_kib "${grab_cmd[@]}") |"
echo "| curl, same request | $(mean_ms "${curl_cmd[@]}") | $(peak_kib "${curl_cmd[@]}") |"
