-- wrk script for POST /charge: valid bodies with varied vehicle ids, powers and energies.
-- Bodies are built once per thread (in init) and cycled, so that wrk spends its CPU on sending,
-- not on Lua string building: on a 2-core machine wrk shares the CPU with the grid.
-- Sessions are short (0.25-2 kWh at 7.4-50 kW): with the grid's clock sped up they end within
-- a second of real time, so the substations' load stays flat however long the run.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local bodies = {}
local n = 0
local i = 0

function init(args)
  local powers = {7.4, 11, 22, 50}
  local energies = {0.25, 0.5, 1, 2}
  local headers = {["Content-Type"] = "application/json"}
  n = 4096
  for k = 1, n do
    local body = string.format('{"vehicleId":"EV-%d-%05d","powerKw":%s,"energyKwh":%s}',
      tid or 0, k, powers[(k % #powers) + 1], energies[(math.floor(k / #powers) % #energies) + 1])
    bodies[k] = wrk.format("POST", "/charge", headers, body)
  end
end

function request()
  i = i % n + 1
  return bodies[i]
end

-- One machine-readable line at the end (read by run.sh): no per-response callback, which would
-- cost wrk a Lua call per reply.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
