namespace CityMesh.Scenarios.Tests;

/// <summary>A full, valid scenario as a user would write it; tests change one thing in it at a time.</summary>
internal static class Examples
{
    public const string JinanYaml = """
        apiVersion: citymesh.io/v1alpha1
        kind: TwinScenario
        metadata:
          name: jinan-retiming
          namespace: city
          labels:
            team: traffic
        spec:
          city: jinan
          simulation: traffic
          baseline:
            format: cityflow
            network:
              configMap:
                name: jinan-inputs
                key: roadnet_3_4.json
            demand:
              path: inputs/anon_3_4_jinan_real.json
            controller: fixed-time
          interventions:
          - name: max-pressure
            description: adaptive control everywhere
            signals:
              controller: max-pressure
          - name: retime-and-close
            signals:
              plans:
              - junction: intersection_1_1
                phaseDurations: [30, 5, 25.5, 5]
                offset: 10
              - junction: intersection_2_1
                cycleScale: 1.25
            closures:
            - edge: road_1_1_0
              lanes: [0, 1]
            demandScale: 1.2
          horizon: 1h30m
          seed: 42
          ensemble: 3
          compute:
            accelerator: gpu
            gpus: 1
            fallback: cpu
            scheduleTimeoutSeconds: 300
          runPolicy:
            backoffLimit: 1
            activeDeadlineSeconds: 7200
            ttlSecondsAfterFinished: 600
          outputs:
            kpis: [meanTravelTime, throughput]
            artifacts:
              path: jinan/retiming
              persistentVolumeClaim: city-results
        """;
}
