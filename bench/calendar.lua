-- wrk script for bench/calendar.sh: like report.lua, but WITHOUT a `response` hook. With one,
-- wrk copies every response's headers and body into Lua strings; for a 250 KB page that costs
-- the load generator more CPU than nginx spends serving it, and on a shared 2-core machine it
-- would cap the baseline. Statuses are therefore not counted one by one: wrk's own count of
-- responses >= 400 (`status_errors`) and the bytes read per request are reported instead, and
-- calendar.sh compares the bytes per request with the page's size (a 303 to /login is a few
-- hundred bytes, so lost sessions pull the average far down), besides checking the page with
-- curl before and after the runs.
--
--   BENCH requests=N duration_us=N rps=F bytes=N bytes_per_request=F p50_ms=F p90_ms=F p99_ms=F
--         max_ms=F connect_errors=N read_errors=N write_errors=N timeouts=N status_errors=N
--
-- wrk reports latency in microseconds. Its byte count includes the partial responses still in
-- flight when the run stops (at most one per connection), so bytes_per_request is slightly high.

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   local per = 0
   if summary.requests > 0 then per = summary.bytes / summary.requests end
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f bytes=%d bytes_per_request=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_errors=%d\n",
      summary.requests, summary.duration, summary.requests / secs, summary.bytes, per,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      e.connect, e.read, e.write, e.timeout, e.status))
end
