{{/*
One service target's settings: serviceDefaults with the target's own entry over them.
Call with (dict "root" $ "target" "twin"); returns YAML, read back with fromYaml.
*/}}
{{- define "citymesh.serviceSettings" -}}
{{- $own := get .root.Values.services .target }}
{{- mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own) | toYaml }}
{{- end }}

{{/*
Targets whose state lives in their process: without PostgreSQL the twin and governance keep their stores in memory;
transport always keeps its view of the roads in memory; health always keeps its dispatch state (the proposals
waiting on governance, the ambulances they hold) and its capacity alerts in memory, and every pod would plan every
call and announce every alert, while governance's decisions reach one pod of the app; safety likewise keeps its flood
alerts (and the proposals they led to) in memory, and every pod would forecast every flood and announce every alert;
energy, its grid violations and the relief it proposed. So each runs as a single pod.
*/}}
{{- define "citymesh.singlePod" -}}
{{- if or (has .target (list "transport" "health" "safety" "energy")) (and (has .target (list "twin" "governance")) (not .root.Values.postgres.existingSecret)) }}true{{ end }}
{{- end }}

{{/* Why a single-pod target runs one pod, for the refusals below. (dict "root" $ "target" "twin") */}}
{{- define "citymesh.singlePodReason" -}}
{{- if eq .target "transport" }}(its view of the roads is in memory)
{{- else if eq .target "health" }}(its dispatch and capacity alerts are in memory: each pod would propose an ambulance for every call)
{{- else if eq .target "safety" }}(its flood alerts are in memory: each pod would announce every alert and propose every closure)
{{- else if eq .target "energy" }}(its grid violations are in memory: each pod would announce every violation and propose every relief)
{{- else }}without postgres.existingSecret (its store is in memory)
{{- end }}
{{- end }}

{{/* Refuses settings that would run but misbehave, naming the value to change. */}}
{{- define "citymesh.validateService" -}}
{{- $s := fromYaml (include "citymesh.serviceSettings" .) }}
{{- if include "citymesh.singlePod" . }}
{{- if gt (int $s.replicas) 1 }}
{{- fail (printf "services.%s.replicas (or serviceDefaults.replicas) is %v, but %s runs as one pod %s" .target $s.replicas .target (include "citymesh.singlePodReason" .)) }}
{{- end }}
{{- if $s.autoscaling.enabled }}
{{- fail (printf "services.%s.autoscaling.enabled (or serviceDefaults.autoscaling.enabled) is true, but %s runs as one pod %s" .target .target (include "citymesh.singlePodReason" .)) }}
{{- end }}
{{- end }}
{{- if and (eq .target "twin") .root.Values.telemetrySimulator.enabled (or (gt (int $s.replicas) 1) $s.autoscaling.enabled) }}
{{- fail (printf "telemetrySimulator.enabled runs the simulated sensors in the twin pod, and services.twin.replicas (%v) or autoscaling would run one simulator per pod, each publishing every sensor's readings: run one twin pod while simulating, or turn the simulator off" $s.replicas) }}
{{- end }}
{{- if and $s.autoscaling.enabled (gt (int $s.autoscaling.minReplicas) (int $s.autoscaling.maxReplicas)) }}
{{- fail (printf "services.%s.autoscaling.minReplicas (%v) is above maxReplicas (%v)" .target $s.autoscaling.minReplicas $s.autoscaling.maxReplicas) }}
{{- end }}
{{- end }}

{{/*
Settings every service target reads: messaging, the city, access. Every credential is a secretKeyRef to a Secret (one a
value names, or one the chart keeps: secrets/_names.tpl), never a value, so none lands in the Deployment.
(dict "root" $ "target" "twin")
*/}}
{{- define "citymesh.serviceEnv" -}}
{{- $v := .root.Values }}
- name: CityMesh__City__Name
  value: {{ $v.city.name | quote }}
- name: CityMesh__City__UtcOffset
  value: {{ $v.city.utcOffset | quote }}
- name: CityMesh__Messaging__Transport
  value: {{ $v.messaging.transport | quote }}
{{- if eq $v.messaging.transport "dapr" }}
- name: CityMesh__Messaging__Dapr__PubSubName
  value: {{ include "citymesh.pubsubName" .root | quote }}
{{- /* The sidecar retries deliveries dapr.maxDeliveryRetries times; CityMesh dead-letters with the reason first. */}}
- name: CityMesh__Messaging__Dapr__MaxDeliveryAttempts
  value: "4"
{{- /* The same Secrets the sidecar reads through dapr.io/api-token-secret and dapr.io/app-token-secret (key "token"). */}}
- name: CityMesh__Messaging__Dapr__ApiToken
  valueFrom:
    secretKeyRef:
      name: {{ include "citymesh.daprApiTokenSecret" .root | quote }}
      key: token
- name: CityMesh__Messaging__Dapr__AppApiToken
  valueFrom:
    secretKeyRef:
      name: {{ include "citymesh.daprAppTokenSecret" .root | quote }}
      key: token
{{- else }}
{{- include "citymesh.kafkaEnv" .root }}
{{- end }}
{{- if ne .target "twin" }}
- name: CityMesh__TwinUrl
  value: {{ include "citymesh.twinUrl" .root | quote }}
- name: CityMesh__TwinGrpcUrl
  value: {{ include "citymesh.twinGrpcUrl" .root | quote }}
{{- end }}
- name: CityMesh__Access__ServiceKey
  valueFrom:
    secretKeyRef:
      name: {{ include "citymesh.serviceKeySecret" .root | quote }}
      key: {{ $v.serviceKey.secretKey | quote }}
{{- range $i, $key := $v.access.apiKeys }}
- name: CityMesh__Access__ApiKeys__{{ $i }}__Name
  value: {{ $key.name | quote }}
- name: CityMesh__Access__ApiKeys__{{ $i }}__Role
  value: {{ $key.role | quote }}
{{- if get $key "tenant" }}
- name: CityMesh__Access__ApiKeys__{{ $i }}__Tenant
  value: {{ get $key "tenant" | quote }}
{{- end }}
- name: CityMesh__Access__ApiKeys__{{ $i }}__{{ if get $key "sha256" }}KeySha256{{ else }}Key{{ end }}
  valueFrom:
    secretKeyRef: { name: {{ $key.existingSecret | quote }}, key: {{ $key.secretKey | quote }} }
{{- end }}
{{- if $v.access.jwt.enabled }}
- name: CityMesh__Access__Jwt__Issuer
  value: {{ required "access.jwt.issuer is required when access.jwt.enabled" $v.access.jwt.issuer | quote }}
- name: CityMesh__Access__Jwt__Audience
  value: {{ required "access.jwt.audience is required when access.jwt.enabled" $v.access.jwt.audience | quote }}
- name: CityMesh__Access__Jwt__RoleClaim
  value: {{ $v.access.jwt.roleClaim | quote }}
- name: CityMesh__Access__Jwt__SigningKey
  valueFrom:
    secretKeyRef:
      name: {{ required "access.jwt.signingKeySecret is required when access.jwt.enabled" $v.access.jwt.signingKeySecret | quote }}
      key: {{ $v.access.jwt.signingKeyKey | quote }}
{{- end }}
{{- end }}

{{/* The PostgreSQL connection string from its Secret, as one variable. */}}
{{- define "citymesh.postgresEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.postgres.existingSecret | quote }}
      key: {{ .root.Values.postgres.connectionStringKey | quote }}
{{- end }}

{{/* Settings of one target's own module. (dict "root" $ "target" "twin") */}}
{{- define "citymesh.moduleEnv" -}}
{{- $v := .root.Values }}
{{- if eq .target "twin" }}
{{- range $i, $tenant := $v.services.twin.tenants }}
- name: CityMesh__Twin__Tenants__{{ $i }}
  value: {{ $tenant | quote }}
{{- end }}
{{- if $v.postgres.existingSecret }}
- name: CityMesh__Twin__Store
  value: postgres
{{- include "citymesh.postgresEnv" (dict "root" .root "name" "CityMesh__Twin__ConnectionString") | nindent 0 }}
{{- end }}
{{- if $v.city.seed.enabled }}
- name: CityMesh__City__Enabled
  value: "true"
- name: CityMesh__City__RoadNetwork
  value: {{ printf "/var/lib/citymesh/city/%s" $v.city.seed.roadNetwork.key | quote }}
- name: CityMesh__City__AnchorLatitude
  value: {{ $v.city.seed.anchor.latitude | quote }}
- name: CityMesh__City__AnchorLongitude
  value: {{ $v.city.seed.anchor.longitude | quote }}
- name: CityMesh__City__Seed
  value: {{ $v.city.seed.randomSeed | quote }}
{{- with $v.city.seed.waterNetwork }}
{{- if .configMap }}
{{- /* The utility's own network, seeded beside the generated one (CityOptions.WaterNetworkFile). */}}
- name: CityMesh__City__WaterNetworkFile
  value: {{ printf "%s/%s" (include "citymesh.waterNetworkDirectory" $.root) .key | quote }}
- name: CityMesh__City__WaterNetworkId
  value: {{ .id | quote }}
- name: CityMesh__City__WaterNetworkScale
  value: {{ .scale | toString | quote }}
{{- if and (not (kindIs "invalid" .origin.latitude)) (not (kindIs "invalid" .origin.longitude)) }}
- name: CityMesh__City__WaterNetworkLatitude
  value: {{ .origin.latitude | toString | quote }}
- name: CityMesh__City__WaterNetworkLongitude
  value: {{ .origin.longitude | toString | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.telemetrySimulator.enabled }}
- name: CityMesh__Telemetry__Enabled
  value: "true"
- name: CityMesh__Telemetry__TimeAcceleration
  value: {{ $v.telemetrySimulator.timeAcceleration | quote }}
{{- /* The simulated meters play the network safety watches. */}}
- name: CityMesh__Telemetry__WaterNetwork
  value: {{ include "citymesh.safetyWaterNetwork" .root | quote }}
{{- if $v.telemetrySimulator.trafficFlow.configMap }}
- name: CityMesh__Telemetry__TrafficFlow
  value: {{ printf "/var/lib/citymesh/flow/%s" $v.telemetrySimulator.trafficFlow.key | quote }}
{{- end }}
{{- end }}
{{- else if eq .target "governance" }}
- name: CityMesh__Governance__DefaultAutonomy
  value: {{ $v.governance.defaultAutonomy | quote }}
{{- /* Paths of the audit key files, mounted from their Secret (the audit-keys volume); the setting names live in values (audit.files). */}}
{{- range $file := list $v.audit.files.macKey $v.audit.files.checkpointKey }}
- name: {{ $file.setting | replace ":" "__" | quote }}
  value: {{ printf "%s/%s" (include "citymesh.auditKeyDirectory" $) $file.secretKey | quote }}
{{- end }}
{{- if $v.postgres.existingSecret }}
- name: CityMesh__Governance__Store
  value: postgres
{{- include "citymesh.postgresEnv" (dict "root" .root "name" "CityMesh__Governance__ConnectionString") | nindent 0 }}
- name: CityMesh__Governance__Audit__Store
  value: postgres
{{- include "citymesh.postgresEnv" (dict "root" .root "name" "CityMesh__Governance__Audit__ConnectionString") | nindent 0 }}
{{- end }}
{{- else if eq .target "transport" }}
- name: CityMesh__Transport__Forecasting__TrainAtStart
  value: {{ $v.transport.forecasting.trainAtStart | quote }}
- name: CityMesh__Transport__Forecasting__TrainingDays
  value: {{ $v.transport.forecasting.trainingDays | quote }}
{{- else if eq .target "health" }}
{{- /* Dispatch asks transport's routing for emergency travel times over plain HTTP to transport's Service (the path
in networkpolicies/health.yaml). Without transport there is no URL and no path: unset, health asks its own server,
which serves /transport/routes only under --target all, so no call gets a route and none is dispatched (each call's
"unplanned" in GET /health/calls says routing failed). */}}
{{- if .root.Values.services.transport.enabled }}
- name: CityMesh__TransportUrl
  value: {{ include "citymesh.transportUrl" .root | quote }}
{{- end }}
{{- else if eq .target "energy" }}
- name: CityMesh__Energy__Interval
  value: {{ $v.services.energy.interval | quote }}
- name: CityMesh__Energy__SolarRoofs
  value: {{ $v.services.energy.solarRoofs | quote }}
{{- else if eq .target "safety" }}
{{- $safety := $v.services.safety }}
{{- /* Each live forecast writes its depth map, report and consequences under an emptyDir (the root is read-only). */}}
- name: CityMesh__Safety__ForecastDirectory
  value: {{ include "citymesh.safetyForecastDirectory" .root | quote }}
- name: CityMesh__Safety__ForecastHours
  value: {{ $safety.forecast.hours | quote }}
- name: CityMesh__Safety__TerrainCellSize
  value: {{ $safety.terrain.cellSize | quote }}
- name: CityMesh__Safety__WaterNetwork
  value: {{ include "citymesh.safetyWaterNetwork" .root | quote }}
- name: CityMesh__Safety__WaterInterval
  value: {{ $safety.water.interval | quote }}
- name: CityMesh__Safety__LeakWatchInterval
  value: {{ $safety.water.leakWatch | quote }}
{{- /* Unset without a terrain source: the service generates a seeded river valley over the twin's buildings. */}}
{{- with include "citymesh.safetyTerrainFile" .root }}
- name: CityMesh__Safety__TerrainFile
  value: {{ . | quote }}
{{- /* A DEM does not say where its river enters: the forecast's inflow point (the schema requires it with a file). */}}
- name: CityMesh__Safety__RiverInflowLatitude
  value: {{ $safety.terrain.riverInflow.latitude | toString | quote }}
- name: CityMesh__Safety__RiverInflowLongitude
  value: {{ $safety.terrain.riverInflow.longitude | toString | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Where the twin finds the utility's water network file (city.seed.waterNetwork's ConfigMap), read-only. */}}
{{- define "citymesh.waterNetworkDirectory" -}}/var/lib/citymesh/water{{- end }}

{{/*
The water network safety keeps live: services.safety.water.network if given; else the utility's file's id when the
twin seeds one (city.seed.enabled with city.seed.waterNetwork.configMap); else "city", the network generated under the
streets. Takes the root context.
*/}}
{{- define "citymesh.safetyWaterNetwork" -}}
{{- $v := .Values }}
{{- if $v.services.safety.water.network }}{{ $v.services.safety.water.network }}
{{- else if and $v.city.seed.enabled $v.city.seed.waterNetwork.configMap }}{{ $v.city.seed.waterNetwork.id }}
{{- else }}city{{ end }}
{{- end }}

{{/* Where safety's terrain source (services.safety.terrain: a ConfigMap or a claim) is mounted, read-only. */}}
{{- define "citymesh.safetyTerrainDirectory" -}}/var/lib/citymesh/terrain{{- end }}

{{/* Where safety writes each live forecast's results: an emptyDir of services.safety.forecast.storageLimit. */}}
{{- define "citymesh.safetyForecastDirectory" -}}/var/lib/citymesh/forecasts{{- end }}

{{/*
The terrain file safety reads (CityMesh:Safety:TerrainFile) where its source is mounted: the ConfigMap's key, which
keeps the raster's extension (.asc, .tif, .tiff: how the service tells the formats apart), or the path inside the claim;
empty with neither (the schema refuses both). Takes the root context.
*/}}
{{- define "citymesh.safetyTerrainFile" -}}
{{- $terrain := .Values.services.safety.terrain }}
{{- if $terrain.configMap.name }}
{{- printf "%s/%s" (include "citymesh.safetyTerrainDirectory" .) $terrain.configMap.key }}
{{- else if $terrain.existingClaim }}
{{- printf "%s/%s" (include "citymesh.safetyTerrainDirectory" .) $terrain.path }}
{{- end }}
{{- end }}

{{/* Direct Kafka (messaging.transport kafka): librdkafka settings from kafka.*. */}}
{{- define "citymesh.kafkaEnv" -}}
{{- $k := .Values.kafka }}
- name: CityMesh__Messaging__Kafka__BootstrapServers
  value: {{ $k.brokers | quote }}
- name: CityMesh__Messaging__Kafka__ClientId
  value: {{ include "citymesh.fullname" . | quote }}
- name: CityMesh__Messaging__Kafka__AutoOffsetReset
  value: {{ ternary "Earliest" "Latest" (eq $k.initialOffset "oldest") | quote }}
- name: CityMesh__Messaging__Kafka__Librdkafka__security.protocol
  value: {{ ternary (ternary "SASL_SSL" "SASL_PLAINTEXT" $k.tls.enabled) (ternary "SSL" "PLAINTEXT" (or $k.tls.enabled (eq $k.authType "mtls"))) (eq $k.authType "password") | quote }}
{{- if eq $k.authType "password" }}
- name: CityMesh__Messaging__Kafka__Librdkafka__sasl.mechanism
  value: {{ $k.sasl.mechanism | quote }}
- name: CityMesh__Messaging__Kafka__Librdkafka__sasl.username
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required when kafka.authType is password" $k.sasl.existingSecret | quote }}
      key: {{ $k.sasl.usernameKey | quote }}
- name: CityMesh__Messaging__Kafka__Librdkafka__sasl.password
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.existingSecret | quote }}
      key: {{ $k.sasl.passwordKey | quote }}
{{- end }}
{{- if or $k.tls.enabled (eq $k.authType "mtls") }}
- name: CityMesh__Messaging__Kafka__Librdkafka__ssl.ca.location
  value: {{ printf "/var/run/secrets/kafka/%s" $k.tls.caCertKey | quote }}
{{- end }}
{{- if eq $k.authType "mtls" }}
- name: CityMesh__Messaging__Kafka__Librdkafka__ssl.certificate.location
  value: {{ printf "/var/run/secrets/kafka/%s" $k.tls.clientCertKey | quote }}
- name: CityMesh__Messaging__Kafka__Librdkafka__ssl.key.location
  value: {{ printf "/var/run/secrets/kafka/%s" $k.tls.clientKeyKey | quote }}
{{- end }}
{{- end }}

{{/* Whether pods mount the Kafka TLS Secret (direct Kafka with TLS or mTLS). */}}
{{- define "citymesh.kafkaTlsMounted" -}}
{{- if and (eq .Values.messaging.transport "kafka") (or .Values.kafka.tls.enabled (eq .Values.kafka.authType "mtls")) }}true{{ end }}
{{- end }}
