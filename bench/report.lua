-- wrk -s bench/report.lua: at the end, one line the bench scripts read:
--   report <requests/s> <p50 ms> <p95 ms> <p99 ms> <non-2xx> <socket errors>
-- (wrk's --latency table has no 95th percentile.)
done = function(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("report %.0f %.2f %.2f %.2f %d %d\n",
		summary.requests / (summary.duration / 1e6),
		latency:percentile(50) / 1000, latency:percentile(95) / 1000,
		latency:percentile(99) / 1000, e.status,
		e.connect + e.read + e.write + e.timeout))
end
