{{/*
Names of the Secrets the pods read: the one a value names, or else the one the chart creates (secrets/generated.yaml).
Each takes the root context.
*/}}
{{- define "citymesh.serviceKeySecret" -}}
{{- default (include "citymesh.componentName" (dict "root" . "component" "service-key")) .Values.serviceKey.existingSecret }}
{{- end }}

{{- define "citymesh.daprApiTokenSecret" -}}
{{- default (include "citymesh.componentName" (dict "root" . "component" "dapr-api-token")) .Values.dapr.apiTokenSecret }}
{{- end }}

{{- define "citymesh.daprAppTokenSecret" -}}
{{- default (include "citymesh.componentName" (dict "root" . "component" "dapr-app-token")) .Values.dapr.appTokenSecret }}
{{- end }}

{{- define "citymesh.auditKeySecret" -}}
{{- default (include "citymesh.componentName" (dict "root" . "component" "audit-keys")) .Values.audit.keySecret }}
{{- end }}

{{/* Where governance pods find the audit log's key files (audit.files), mounted from the audit key Secret. */}}
{{- define "citymesh.auditKeyDirectory" -}}/var/run/secrets/citymesh/audit{{- end }}

{{/* Whether the release runs the sidecars, and so needs Dapr's tokens. */}}
{{- define "citymesh.usesDapr" -}}
{{- if and (eq .Values.messaging.transport "dapr") (include "citymesh.enabledTargets" . | trim) }}true{{ end }}
{{- end }}

{{/*
A Secret the chart creates once and then keeps: a key already in the cluster's Secret keeps its value (lookup), only a
missing one is generated, and helm.sh/resource-policy keep leaves it behind on uninstall, so a reinstall finds it.
(dict "root" $ "component" "service-key" "name" <name> "generate" (dict <key> <value>)); values are plain text.
*/}}
{{- define "citymesh.keptSecret" -}}
{{- $found := lookup "v1" "Secret" .root.Release.Namespace .name }}
{{- $data := get $found "data" | default dict -}}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "citymesh.componentLabels" (dict "root" .root "component" .component) | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{- range $key, $value := .generate }}
  {{ $key }}: {{ get $data $key | default ($value | b64enc) | quote }}
  {{- end }}
{{- end }}
