-- Argo CD health check for logpipeline.io LogPipeline and LogBackend (one script for both kinds).
-- Healthy:     Ready=True and the operator has observed the current generation.
-- Progressing: no status yet, status behind metadata.generation, collectors rolling out, or
--              Ready not decided yet (missing or Unknown).
-- Degraded:    Ready=False for any other reason, with the Ready condition's message.
local hs = {}

local function condition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report status"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

-- LogPipeline only: the collector DaemonSet is still replacing pods with the new template.
local collectors = obj.status.collectors
local collectorReady = condition(obj.status, "CollectorReady")
local countsKnown = collectors ~= nil and collectors.desired ~= nil and collectors.updated ~= nil
local conditionSaysRollingOut = collectorReady ~= nil and collectorReady.reason == "RollingOut"
if conditionSaysRollingOut or (countsKnown and collectors.updated < collectors.desired) then
  hs.status = "Progressing"
  if conditionSaysRollingOut and collectorReady.message ~= nil and collectorReady.message ~= "" then
    hs.message = collectorReady.message
  elseif countsKnown then
    hs.message = "Collectors rolling out: " .. tostring(collectors.updated) .. "/"
      .. tostring(collectors.desired) .. " updated"
  else
    hs.message = "Collectors rolling out"
  end
  return hs
end

local ready = condition(obj.status, "Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    hs.message = ready.message
  else
    hs.message = "Waiting for the Ready condition"
  end
  return hs
end

if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or ""
  return hs
end

hs.status = "Degraded"
if ready.message ~= nil and ready.message ~= "" then
  hs.message = ready.message
else
  hs.message = "Not ready: " .. tostring(ready.reason)
end
return hs
