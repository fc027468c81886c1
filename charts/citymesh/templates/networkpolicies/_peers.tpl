{{/* An egress rule to configured peers on configured TCP ports: (dict "peers" .to "ports" .ports). */}}
{{- define "citymesh.egressRule" -}}
- to:
    {{- toYaml .peers | nindent 4 }}
  ports:
    {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
{{- end }}

{{/* Pods of this release's service targets. */}}
{{- define "citymesh.servicePodSelector" -}}
matchLabels:
  {{- include "citymesh.selectorLabels" . | nindent 2 }}
matchExpressions:
  - key: app.kubernetes.io/component
    operator: In
    values: [{{ include "citymesh.enabledTargets" . | trim | splitList " " | join ", " }}]
{{- end }}
