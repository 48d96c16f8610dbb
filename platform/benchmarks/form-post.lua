-- wrk script: POST the citizen form as a browser does (form token in the cookie and the field), one
-- valid answer per request with varied ratings; a 303 to the thank-you page is success.
local organizations = {"uer", "education", "culture", "finance", "social-protection", "land-property", "mku-zhkh", "ta-centralny"}
local token = string.rep("b", 43)
local counter = 0
local failures = 0

request = function()
  counter = counter + 1
  local r = (counter % 5) + 1
  local body = string.format(
    "csrf=%s&organization=%s&fixed=1&a.service=housing&a.service_time=%d&a.queue_time=%d&a.staff_courtesy=%d" ..
    "&a.premises_comfort=%d&a.information_access=%d&a.overall=%d&a.recommend=%d",
    token, organizations[(counter % #organizations) + 1], r, (r % 5) + 1, r, (r % 3) + 3, r, r, counter % 11)
  return wrk.format("POST", "/s/citizen-satisfaction",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "bz_csrf=" .. token, ["Accept"] = "text/html"}, body)
end

response = function(status, headers, body)
  if status ~= 303 then
    failures = failures + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("answers other than 303: %d\n", summary.errors.status))
end
