-- wrk script of bench/intake.sh: POST one small report per request, with the demo's intake key
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer demo-api-key"
wrk.body = '{"title": "Benchmark report", "description": "Tap **Pay**: nothing happens", "type": "bug",'
        .. ' "priority": "Major", "tags": ["bench"], "app": {"name": "Shop", "version": "3.4.1", "platform": "iOS"}}'
