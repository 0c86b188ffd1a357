-- wrk script for bench/run.sh: counts responses by status class in every wrk thread and, at the
-- end, prints one machine-readable line that run.sh parses:
--
--   BENCH requests=N duration_us=N rps=F p50_ms=F p90_ms=F p99_ms=F max_ms=F
--         s2xx=N s3xx=N s4xx=N s5xx=N non2xx=N connect_errors=N read_errors=N
--         write_errors=N timeouts=N status_errors=N
--
-- Extra request headers (the session cookie) are passed with wrk's own -H option.
-- wrk reports latency in microseconds.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   s2xx, s3xx, s4xx, s5xx, other = 0, 0, 0, 0, 0
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      s2xx = s2xx + 1
   elseif status >= 300 and status < 400 then
      s3xx = s3xx + 1
   elseif status >= 400 and status < 500 then
      s4xx = s4xx + 1
   elseif status >= 500 and status < 600 then
      s5xx = s5xx + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local c2, c3, c4, c5, co = 0, 0, 0, 0, 0
   for _, t in ipairs(threads) do
      c2 = c2 + (t:get("s2xx") or 0)
      c3 = c3 + (t:get("s3xx") or 0)
      c4 = c4 + (t:get("s4xx") or 0)
      c5 = c5 + (t:get("s5xx") or 0)
      co = co + (t:get("other") or 0)
   end
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "s2xx=%d s3xx=%d s4xx=%d s5xx=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_errors=%d\n",
      summary.requests, summary.duration, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      c2, c3, c4, c5, c3 + c4 + c5 + co, e.connect, e.read, e.write, e.timeout, e.status))
end
