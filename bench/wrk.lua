-- Requests for bench/http.py, run by wrk: `wrk -s bench/wrk.lua URL -- METHOD BODIES_FILE`.
-- Each request sends the next body of BODIES_FILE (one JSON document a line; none for a GET),
-- and the summary is printed as one line of JSON for the script to read.

local method, bodies, count = "GET", {}, 0

function init(args)
  method = args[1] or "GET"
  if args[2] then
    for line in io.lines(args[2]) do
      if line ~= "" then bodies[#bodies + 1] = line end
    end
  end
end

function request()
  if #bodies == 0 then
    return wrk.format(method)
  end
  count = count + 1
  local headers = {["Content-Type"] = "application/json"}
  return wrk.format(method, nil, headers, bodies[count % #bodies + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
