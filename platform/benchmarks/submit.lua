-- wrk script: POST one valid citizen-satisfaction response per request, with varied answers.
-- Counts non-201 answers so that a run with failures is not mistaken for throughput.
local organizations = {"uer", "education", "culture", "finance", "social-protection", "land-property", "mku-zhkh", "ta-centralny"}
local counter = 0
local failures = 0

request = function()
  counter = counter + 1
  local r = (counter % 5) + 1
  local body = string.format(
    '{"organization":"%s","answers":{"service":"housing","service_time":%d,"queue_time":%d,"staff_courtesy":%d,' ..
    '"premises_comfort":%d,"information_access":%d,"overall":%d,"recommend":%d}}',
    organizations[(counter % #organizations) + 1], r, (r % 5) + 1, r, (r % 3) + 3, r, r, counter % 11)
  return wrk.format("POST", "/api/v1/surveys/citizen-satisfaction/responses", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    failures = failures + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("non-201 answers: %d\n", summary.errors.status))
end
