-- wrk script of bench/intake.sh for the latency at about 1,000 reports/s: as bench/post-report.lua, but each of the
-- 16 connections waits 15 ms after each answer (16 x 1000/(15 + latency) is about 1,000/s while answers are quick).
-- wrk stays closed-loop (wrk2, which holds a rate, is not packaged in Debian): the rate reached is printed with it.
dofile("bench/post-report.lua")
function delay()
  return 15
end
