-- wrk script: GET the citizen form of an organisation, as a phone does after scanning the QR code.
local organizations = {"uer", "education", "culture", "finance", "social-protection", "land-property", "mku-zhkh", "ta-centralny"}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", "/s/citizen-satisfaction?org=" .. organizations[(counter % #organizations) + 1],
    {["Accept"] = "text/html"})
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
