-- wrk script of bench/forward.sh: the sandbox's own create-issue rate (Cloud, REST v3, demo credentials)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic ZGVtb0BleGFtcGxlLmNvbTpkZW1vLXRva2Vu"
wrk.body = '{"fields": {"project": {"key": "DEMO"}, "issuetype": {"name": "Bug"}, "summary": "Raw create"}}'
