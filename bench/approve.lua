-- wrk script for bench/workflow.sh: approves items one after another, each id once, until the
-- items are used up or wrk's -d ends, whichever comes first.
--
--   wrk -t2 -c8 -d15s --latency -s bench/approve.lua -H "Cookie: warta_session=..." URL \
--       -- IDS_FILE CSRF_TOKEN OUT_FILE THREADS
--
-- IDS_FILE has one "id version" line per item waiting at the step (version = the item's current
-- version; "id|version" works too). Thread k of THREADS takes the lines k, k + THREADS, ... in
-- order, so no id is sent twice. Each request is `POST /content/{id}/approve` with csrf_token,
-- version and a comment, form-encoded, with the -H headers (the session cookie).
--
-- A success is a 303 whose Location is /content/{id}?ok=content_approve; any other 303 (such as
-- a redirect to /login because the session was lost) counts as a failure.
--
-- When a thread has sent all its ids and every one of them has been answered, it stops itself
-- (wrk.thread:stop()), so no approval is left in flight and the latency figures hold approvals
-- only. A connection that asks for a request after its thread ran out but before the last
-- answers arrive gets a GET /healthz (counted as `idle`, answered 200). wrk itself keeps sleeping
-- until -d is over and then reports -d as the duration, so the rate is computed here over the
-- active window: from the first thread's start to the last thread's end (or to the end of -d when
-- a thread still had ids then; `drained=0`). wrk's Lua has no clock below a second, so the
-- window is read from date(1): once per thread at the start and once at the end.
--
-- The ids that got a success and the ids sent are written to OUT_FILE (lines `ok ID`, `issued
-- ID`) for the SQLite check (bench/verify_approvals.py), and one line is printed:
--
--   BENCH requests=N window_s=F drained=0|1 ok=N ok_rps=F mean_ms=F p50_ms=F p90_ms=F p99_ms=F
--         max_ms=F s303_other=N s403=N s409=N s4xx=N s5xx=N other=N issued=N idle=N
--         connect_errors=N read_errors=N write_errors=N timeouts=N status_errors=N
--
-- wrk 4.x calls request() once on the first thread before the run, to check the request; that
-- call is recognised (the first one on thread 0) and does not use up an id. If a wrk version did
-- not make it, the first id of thread 0 would be sent twice and the second answer be a 409,
-- which workflow.sh reports as an invalid run.

local threads = {}

local function now_ns()
   local p = io.popen("date +%s%N")
   local v = p and tonumber(p:read("*l")) or 0
   if p then p:close() end
   return v
end

function setup(thread)
   thread:set("tindex", #threads)
   table.insert(threads, thread)
end

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
   local ids_file = args[1]
   csrf, outfile = args[2], args[3]
   local nthreads = tonumber(args[4])
   if not ids_file or not csrf or not outfile or not nthreads then
      error("approve.lua needs: IDS_FILE CSRF_TOKEN OUT_FILE THREADS")
   end
   queue = {}
   local n = 0
   for line in io.lines(ids_file) do
      local id, version = line:match("^(%d+)[%s|,]+(%d+)")
      if id then
         if n % nthreads == tindex then table.insert(queue, { id, version }) end
         n = n + 1
      end
   end
   -- wrk.format() uses the table it is given instead of wrk.headers (the -H options, with the
   -- session cookie), so start from a copy of those.
   headers = {}
   for k, v in pairs(wrk.headers) do headers[k] = v end
   headers["Content-Type"] = "application/x-www-form-urlencoded"
   if not headers["Cookie"] then error("approve.lua needs the session cookie: -H 'Cookie: warta_session=...'") end
   nexti = 1
   checked = (tindex ~= 0)  -- thread 0 gets wrk's check call first
   issued_ids = {}           -- ids sent, in order
   ok_ids = {}               -- ids that got the success redirect
   answered = 0              -- answers to approvals
   ok, s303_other, s403, s409, s4xx, s5xx, other, idle = 0, 0, 0, 0, 0, 0, 0, 0
   stopped_ns = 0
   started_ns = now_ns()
end

local function approval(entry)
   local body = "csrf_token=" .. urlencode(csrf) .. "&version=" .. entry[2] .. "&comment=" .. urlencode("ok, bench")
   return wrk.format("POST", "/content/" .. entry[1] .. "/approve", headers, body)
end

local function stop_when_drained()
   if stopped_ns == 0 and nexti > #queue and answered == #issued_ids then
      stopped_ns = now_ns()
      wrk.thread:stop()
   end
end

function request()
   if not checked then
      checked = true
      if queue[1] then return approval(queue[1]) end  -- wrk's check: built, never sent
   end
   local entry = queue[nexti]
   if entry == nil then
      idle = idle + 1
      stop_when_drained()
      return wrk.format("GET", "/healthz")
   end
   nexti = nexti + 1
   table.insert(issued_ids, entry[1])
   return approval(entry)
end

function response(status, hdrs, body)
   if status == 200 then
      -- GET /healthz after the ids ran out (an approval never answers 200)
      if nexti <= #queue then other = other + 1 end
      return
   end
   answered = answered + 1
   if status == 303 then
      local location = hdrs["location"] or hdrs["Location"] or ""
      local id = location:match("^/content/(%d+)%?ok=content_approve")
      if id then
         ok = ok + 1
         table.insert(ok_ids, id)
      else
         s303_other = s303_other + 1
      end
   elseif status == 403 then
      s403 = s403 + 1
   elseif status == 409 then
      s409 = s409 + 1
   elseif status >= 400 and status < 500 then
      s4xx = s4xx + 1
   elseif status >= 500 and status < 600 then
      s5xx = s5xx + 1
   else
      other = other + 1
   end
   stop_when_drained()
end

function done(summary, latency, requests)
   local c = { ok = 0, s303_other = 0, s403 = 0, s409 = 0, s4xx = 0, s5xx = 0, other = 0, idle = 0 }
   local lines, issued = {}, 0
   local first_start, last_stop, drained = nil, 0, 1
   local out = nil
   for _, t in ipairs(threads) do
      for k, _ in pairs(c) do c[k] = c[k] + (t:get(k) or 0) end
      for _, id in ipairs(t:get("ok_ids") or {}) do table.insert(lines, "ok " .. id) end
      for _, id in ipairs(t:get("issued_ids") or {}) do
         table.insert(lines, "issued " .. id)
         issued = issued + 1
      end
      local started, stopped = t:get("started_ns") or 0, t:get("stopped_ns") or 0
      if first_start == nil or started < first_start then first_start = started end
      if stopped == 0 then drained = 0 elseif stopped > last_stop then last_stop = stopped end
      out = out or t:get("outfile")
   end
   -- Drained: from the first start to the last stop. Otherwise -d ended the run: wrk's duration.
   local window = summary.duration / 1e6
   if drained == 1 and first_start and last_stop > first_start then window = (last_stop - first_start) / 1e9 end
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d window_s=%.3f drained=%d ok=%d ok_rps=%.1f mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "s303_other=%d s403=%d s409=%d s4xx=%d s5xx=%d other=%d issued=%d idle=%d " ..
      "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_errors=%d\n",
      summary.requests, window, drained, c.ok, c.ok / window, latency.mean / 1000,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      c.s303_other, c.s403, c.s409, c.s4xx, c.s5xx, c.other, issued, c.idle,
      e.connect, e.read, e.write, e.timeout, e.status))
   if out then
      local f = assert(io.open(out, "w"))
      f:write(table.concat(lines, "\n"), "\n")
      f:close()
   end
end
