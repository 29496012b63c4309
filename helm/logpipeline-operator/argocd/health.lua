-- Argo CD health check for logpipeline.io LogPipeline and LogBackend (one script for both kinds).
-- Healthy:     Ready=True and the operator has observed the current generation.
-- Progressing: no status yet, status behind metadata.generation, node agents loading the new
--              configuration, or Ready not decided yet (missing or Unknown, e.g. no agent report yet).
-- Degraded:    Ready=False for any other reason (invalid spec, missing backend, not delivering:
--              BackendUnreachable, BackendRejecting, RecordsDropped), or a LogBackend with
--              Reachable=False, with that condition's message.
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

-- LogPipeline only: the node agents are still loading the current configuration (they do it live,
-- without a restart). A refused configuration is not a rollout: Ready=False makes it Degraded below.
local collectors = obj.status.collectors
local collectorReady = condition(obj.status, "CollectorReady")
local countsKnown = collectors ~= nil and collectors.desired ~= nil and collectors.updated ~= nil
local conditionSaysUpdating = collectorReady ~= nil and collectorReady.reason == "Updating"
local countsBehind = countsKnown and collectors.updated < collectors.desired
  and (collectorReady == nil or collectorReady.status == "True")
if conditionSaysUpdating or countsBehind then
  hs.status = "Progressing"
  if conditionSaysUpdating and collectorReady.message ~= nil and collectorReady.message ~= "" then
    hs.message = collectorReady.message
  elseif countsKnown then
    hs.message = "Node agents loading the new configuration: " .. tostring(collectors.updated) .. "/"
      .. tostring(collectors.desired) .. " updated"
  else
    hs.message = "Node agents loading the new configuration"
  end
  return hs
end

-- LogBackend only: usable as configured (Ready) but the node agents cannot deliver to it.
local reachable = condition(obj.status, "Reachable")
if reachable ~= nil and reachable.status == "False" then
  hs.status = "Degraded"
  hs.message = reachable.message or ("Not reachable: " .. tostring(reachable.reason))
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
