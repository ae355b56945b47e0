-- wrk script of bench/intake.sh: POST one small report per request (bench/report.json), with the demo's intake key
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer demo-api-key"
local file = assert(io.open("bench/report.json", "r"))
wrk.body = file:read("*a")
file:close()
