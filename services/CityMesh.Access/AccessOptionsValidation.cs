namespace CityMesh.Access;

/// <summary>The problems <see cref="AccessOptions.Validated"/> refuses at start; each names its configuration key.</summary>
public static class AccessOptionsValidation
{
    /// <summary>A key shorter than this is guessable; <c>citymesh up</c> generates 32 random bytes.</summary>
    public const int MinimumKeyLength = 16;

    public static IReadOnlyList<string> Problems(AccessOptions options)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{AccessOptions.Section}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name)) problems.Add($"{at}:Name is required: it is the caller's name in the audit log");
            else if (!names.Add(key.Name)) problems.Add($"{at}:Name '{key.Name}' is used by another key; each caller needs its own name");
            if (!Roles.All.Contains(key.Role)) problems.Add($"{at}:Role is '{key.Role}'; use {RoleList}");
            if (key.Tenant is not null && Tenants.NameProblem(key.Tenant) is { } tenant) problems.Add($"{at}:Tenant: {tenant}");
            var digest = (key.Key, key.KeySha256) switch
            {
                (null or "", null or "") => Problem($"{at}: give Key or KeySha256"),
                ({ Length: > 0 }, { Length: > 0 }) => Problem($"{at}: give Key or KeySha256, not both"),
                ({ Length: > 0 } k, _) when k.Length < MinimumKeyLength => Problem($"{at}:Key is {k.Length} characters; use at least {MinimumKeyLength} (e.g. 32 random bytes, base64)"),
                ({ Length: > 0 } k, _) => ApiKeyDigest.OfKey(k),
                (_, { } hex) when ApiKeyDigest.TryParseHex(hex) is null => Problem($"{at}:KeySha256 is not 64 hexadecimal digits"),
                (_, var hex) => hex!.ToLowerInvariant(),
            };
            if (digest is not null && !digests.Add(digest)) problems.Add($"{at}: the same key is configured twice");
        }
        if (options.Jwt is { } jwt)
        {
            var at = $"{AccessOptions.Section}:Jwt";
            if (string.IsNullOrWhiteSpace(jwt.Issuer)) problems.Add($"{at}:Issuer is required");
            if (string.IsNullOrWhiteSpace(jwt.Audience)) problems.Add($"{at}:Audience is required");
            var keyBytes = System.Text.Encoding.UTF8.GetByteCount(jwt.SigningKey ?? "");
            if (keyBytes < JwtTokens.MinimumKeyBytes) problems.Add($"{at}:SigningKey is {keyBytes} bytes; HS256 needs at least {JwtTokens.MinimumKeyBytes}");
            if (string.IsNullOrWhiteSpace(jwt.RoleClaim)) problems.Add($"{at}:RoleClaim is empty; leave it out for 'role'");
            if (string.IsNullOrWhiteSpace(jwt.TenantClaim)) problems.Add($"{at}:TenantClaim is empty; leave it out for 'tenant'");
            if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(10)) problems.Add($"{at}:ClockSkew is {jwt.ClockSkew}; use 0 to 10 minutes");
        }
        if (options.ServiceKey is { } serviceKey && System.Text.Encoding.UTF8.GetByteCount(serviceKey) < ServiceIdentity.MinimumKeyBytes)
            problems.Add($"{AccessOptions.Section}:ServiceKey is {System.Text.Encoding.UTF8.GetByteCount(serviceKey)} bytes; use at least {ServiceIdentity.MinimumKeyBytes} (e.g. 32 random bytes, base64)");
        for (var i = 0; i < options.OpenDataTypes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.OpenDataTypes[i]))
                problems.Add($"{AccessOptions.Section}:OpenDataTypes:{i} is empty; name an entity type such as AirQualityObserved");
        }
        return problems;

        string? Problem(string problem)
        {
            problems.Add(problem);
            return null;
        }
    }

    internal static string RoleList => ListOf(Roles.All);

    internal static string ListOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
