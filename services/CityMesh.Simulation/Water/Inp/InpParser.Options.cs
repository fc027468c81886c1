using System.Globalization;

namespace CityMesh.Simulation.Water.Inp;

/// <summary>[OPTIONS] (units first: every other section converts with them) and [TIMES].</summary>
internal sealed partial class InpParser
{
    private static readonly string[] OptionKeys =
    [
        "UNITS", "PRESSURE", "HEADLOSS", "HYDRAULICS", "VISCOSITY", "SPECIFIC GRAVITY", "TRIALS", "ACCURACY",
        "HEADERROR", "FLOWCHANGE", "CHECKFREQ", "MAXCHECK", "DAMPLIMIT", "UNBALANCED", "DEMAND MODEL",
        "MINIMUM PRESSURE", "REQUIRED PRESSURE", "PRESSURE EXPONENT", "PATTERN", "DEMAND MULTIPLIER",
        "EMITTER EXPONENT", "EMITTER BACKFLOW", "QUALITY", "DIFFUSIVITY", "TOLERANCE", "MAP",
    ];

    private static readonly string[] TimeKeys =
    [
        "DURATION", "HYDRAULIC TIMESTEP", "QUALITY TIMESTEP", "RULE TIMESTEP", "PATTERN TIMESTEP", "PATTERN START",
        "REPORT TIMESTEP", "REPORT START", "START CLOCKTIME", "STATISTIC",
    ];

    /// <summary>The id OPTIONS <c>PATTERN</c> names, or EPANET's default "1"; kept only when [PATTERNS] defines it.</summary>
    private string _defaultPattern = "1";

    private void ReadOptions()
    {
        var units = FlowUnits.Gpm;
        var headLoss = HeadLossFormula.HazenWilliams;
        double specificGravity = 1, viscosity = 1, accuracy = 0.001, demandMultiplier = 1, emitterExponent = 0.5, pressureExponent = 0.5;
        int trials = 200, checkFrequency = 2, maxCheck = 10, continueTrials = -1;
        var demandModel = DemandModel.DemandDriven;
        string? pressureUnits = null;
        (double Value, InpLine Line)? minimumPressure = null, requiredPressure = null;
        InpLine? modelLine = null;

        foreach (var line in sections["OPTIONS"])
        {
            var key = line.Fields[0].ToUpperInvariant();
            var second = line.Count > 1 ? line.Fields[1].ToUpperInvariant() : "";
            switch (key)
            {
                case "UNITS":
                    Option(line, 1, "UNITS", "CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH or CMD");
                    units = line.Fields[1].ToUpperInvariant() switch
                    {
                        "CFS" => FlowUnits.Cfs,
                        "GPM" => FlowUnits.Gpm,
                        "MGD" => FlowUnits.Mgd,
                        "IMGD" => FlowUnits.Imgd,
                        "AFD" => FlowUnits.Afd,
                        "LPS" => FlowUnits.Lps,
                        "LPM" => FlowUnits.Lpm,
                        "MLD" => FlowUnits.Mld,
                        "CMH" => FlowUnits.Cmh,
                        "CMD" => FlowUnits.Cmd,
                        "CMS" => throw Fail(line, "UNITS CMS (EPANET 2.3's m³/s) is not supported yet; convert the file to LPS, CMH or CMD"),
                        _ => throw Fail(line, $"UNITS '{InpSections.Shorten(line.Fields[1])}' is not a flow unit: expected CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH or CMD"),
                    };
                    break;
                case "HEADLOSS":
                    Option(line, 1, "HEADLOSS", "H-W, D-W or C-M");
                    headLoss = line.Fields[1].ToUpperInvariant() switch
                    {
                        "H-W" => HeadLossFormula.HazenWilliams,
                        "D-W" => HeadLossFormula.DarcyWeisbach,
                        "C-M" => HeadLossFormula.ChezyManning,
                        _ => throw Fail(line, $"HEADLOSS '{InpSections.Shorten(line.Fields[1])}' is not a head-loss formula: expected H-W, D-W or C-M"),
                    };
                    break;
                case "PRESSURE" when second == "EXPONENT":
                    Option(line, 2, "PRESSURE EXPONENT", "a number > 0");
                    pressureExponent = Positive(line, 2, "PRESSURE EXPONENT");
                    break;
                case "PRESSURE":
                    Option(line, 1, "PRESSURE", "PSI, KPA, METERS, FEET or BAR (or PRESSURE EXPONENT value)");
                    pressureUnits = second is "PSI" or "KPA" or "METERS" or "FEET" or "BAR" ? second
                        : throw Fail(line, $"PRESSURE '{InpSections.Shorten(line.Fields[1])}' is not a pressure unit: expected PSI, KPA, METERS, FEET or BAR");
                    break;
                case "SPECIFIC" when second == "GRAVITY":
                    Option(line, 2, "SPECIFIC GRAVITY", "a number > 0");
                    specificGravity = Positive(line, 2, "SPECIFIC GRAVITY");
                    break;
                case "VISCOSITY":
                    Option(line, 1, "VISCOSITY", "a number > 0, relative to water's");
                    viscosity = Positive(line, 1, "VISCOSITY");
                    break;
                case "TRIALS":
                    Option(line, 1, "TRIALS", "a whole number ≥ 1");
                    trials = Whole(line, 1, "TRIALS", 1);
                    break;
                case "ACCURACY":
                    Option(line, 1, "ACCURACY", "a number > 0");
                    accuracy = Positive(line, 1, "ACCURACY");
                    break;
                case "CHECKFREQ":
                    Option(line, 1, "CHECKFREQ", "a whole number ≥ 1");
                    checkFrequency = Whole(line, 1, "CHECKFREQ", 1);
                    break;
                case "MAXCHECK":
                    Option(line, 1, "MAXCHECK", "a whole number ≥ 0");
                    maxCheck = Whole(line, 1, "MAXCHECK", 0);
                    break;
                case "DAMPLIMIT" or "HEADERROR" or "FLOWCHANGE" or "DIFFUSIVITY" or "TOLERANCE":
                    // Accepted, not used by this model; still a number, as EPANET requires.
                    Option(line, 1, key, "a number");
                    NonNegative(line, 1, key);
                    break;
                case "UNBALANCED":
                    if (line.Count < 2 || line.Count > 3) throw Fail(line, $"UNBALANCED needs STOP, CONTINUE or CONTINUE n, found {line.Count - 1} values");
                    if (second == "STOP" && line.Count == 2) continueTrials = -1;
                    else if (second == "CONTINUE") continueTrials = line.Count == 3 ? Whole(line, 2, "UNBALANCED CONTINUE trials", 0) : 0;
                    else throw Fail(line, $"UNBALANCED '{InpSections.Shorten(string.Join(' ', line.Fields[1..]))}' is not STOP, CONTINUE or CONTINUE n");
                    break;
                case "PATTERN":
                    Option(line, 1, "PATTERN", "a pattern id");
                    _defaultPattern = line.Fields[1];
                    break;
                case "DEMAND" when second == "MULTIPLIER":
                    Option(line, 2, "DEMAND MULTIPLIER", "a number ≥ 0");
                    demandMultiplier = NonNegative(line, 2, "DEMAND MULTIPLIER");
                    break;
                case "DEMAND" when second == "MODEL":
                    Option(line, 2, "DEMAND MODEL", "DDA or PDA");
                    demandModel = line.Fields[2].ToUpperInvariant() switch
                    {
                        "DDA" => DemandModel.DemandDriven,
                        "PDA" => DemandModel.PressureDriven,
                        _ => throw Fail(line, $"DEMAND MODEL '{InpSections.Shorten(line.Fields[2])}' is not DDA or PDA"),
                    };
                    modelLine = line;
                    break;
                case "MINIMUM" when second == "PRESSURE":
                    Option(line, 2, "MINIMUM PRESSURE", "a pressure ≥ 0");
                    minimumPressure = (NonNegative(line, 2, "MINIMUM PRESSURE"), line);
                    break;
                case "REQUIRED" when second == "PRESSURE":
                    Option(line, 2, "REQUIRED PRESSURE", "a pressure ≥ 0");
                    requiredPressure = (NonNegative(line, 2, "REQUIRED PRESSURE"), line);
                    break;
                case "EMITTER" when second == "EXPONENT":
                    Option(line, 2, "EMITTER EXPONENT", "a number > 0");
                    emitterExponent = Positive(line, 2, "EMITTER EXPONENT");
                    break;
                case "EMITTER" when second == "BACKFLOW":
                    Option(line, 2, "EMITTER BACKFLOW", "YES or NO");
                    if (!Is(line.Fields[2], "YES") && !Is(line.Fields[2], "NO")) throw Fail(line, $"EMITTER BACKFLOW '{InpSections.Shorten(line.Fields[2])}' is not YES or NO");
                    break;
                case "QUALITY" or "HYDRAULICS" or "MAP":
                    // Water quality, a hydraulics file to use or save, a map file: not this model's.
                    if (line.Count < 2) throw Fail(line, $"{key} needs a value");
                    break;
                default:
                    throw Fail(line, $"unknown option '{InpSections.Shorten(string.Join(' ', line.Fields[..Math.Min(2, line.Count)]))}'; [OPTIONS] has {string.Join(", ", OptionKeys)}");
            }
        }

        _flow = WaterUnits.Flow(units);
        _length = WaterUnits.Length(units);
        _diameter = WaterUnits.Diameter(units);
        _roughness = headLoss == HeadLossFormula.DarcyWeisbach ? WaterUnits.Roughness(units) : 1;
        _volume = WaterUnits.Volume(units);
        _power = WaterUnits.Power(units);
        _pressure = (pressureUnits ?? (WaterUnits.IsUs(units) ? "PSI" : "METERS")) switch
        {
            "PSI" => WaterUnits.Pressure(FlowUnits.Gpm, specificGravity),
            "METERS" => WaterUnits.Pressure(FlowUnits.Lps, specificGravity),
            "KPA" => WaterUnits.Pressure(units, specificGravity, kilopascals: true),
            "FEET" => WaterUnits.Foot / specificGravity,
            _ => 100 * WaterUnits.Pressure(units, specificGravity, kilopascals: true), // BAR
        };

        var options = new WaterOptions
        {
            Units = units,
            HeadLoss = headLoss,
            SpecificGravity = specificGravity,
            Viscosity = viscosity * WaterUnits.WaterViscosity,
            MaxTrials = trials,
            Accuracy = accuracy,
            CheckFrequency = checkFrequency,
            MaxCheck = maxCheck,
            ContinueTrials = continueTrials,
            DemandMultiplier = demandMultiplier,
            EmitterExponent = emitterExponent,
            DemandModel = demandModel,
            PressureExponent = pressureExponent,
        };
        if (minimumPressure is { } min) options = options with { MinimumPressure = min.Value * _pressure };
        if (requiredPressure is { } req) options = options with { RequiredPressure = req.Value * _pressure };
        if (demandModel == DemandModel.PressureDriven && !(options.RequiredPressure > options.MinimumPressure))
            throw Fail(requiredPressure?.Line ?? minimumPressure?.Line ?? modelLine!,
                $"REQUIRED PRESSURE ({Text(options.RequiredPressure)} m) must be above MINIMUM PRESSURE ({Text(options.MinimumPressure)} m) for DEMAND MODEL PDA");
        _options = options;
    }

    /// <summary>An option of <paramref name="keyWords"/> words and one value.</summary>
    private void Option(InpLine line, int keyWords, string key, string expected)
    {
        if (line.Count != keyWords + 1)
            throw Fail(line, $"{key} needs one value ({expected}), found {line.Count - keyWords}");
    }

    private void ReadTimes()
    {
        var times = new WaterTimes();
        foreach (var line in sections["TIMES"])
        {
            var key = line.Fields[0].ToUpperInvariant();
            var second = line.Count > 1 ? line.Fields[1].ToUpperInvariant() : "";
            switch (key)
            {
                case "DURATION":
                    times = times with { Duration = Time(line, 1, "DURATION", clock: false) };
                    break;
                case "HYDRAULIC" when second == "TIMESTEP":
                    times = times with { HydraulicStep = Step(line, "HYDRAULIC TIMESTEP") };
                    break;
                case "PATTERN" when second == "TIMESTEP":
                    times = times with { PatternStep = Step(line, "PATTERN TIMESTEP") };
                    break;
                case "PATTERN" when second == "START":
                    times = times with { PatternStart = Time(line, 2, "PATTERN START", clock: false) };
                    break;
                case "REPORT" when second == "TIMESTEP":
                    times = times with { ReportStep = Step(line, "REPORT TIMESTEP") };
                    break;
                case "REPORT" when second == "START":
                    times = times with { ReportStart = Time(line, 2, "REPORT START", clock: false) };
                    break;
                case "START" when second == "CLOCKTIME":
                    times = times with { StartClockTime = Time(line, 2, "START CLOCKTIME", clock: true) };
                    break;
                case "QUALITY" or "RULE" when second == "TIMESTEP":
                    Time(line, 2, $"{key} TIMESTEP", clock: false); // water quality and rules: not this model's
                    break;
                case "STATISTIC":
                    if (line.Count != 2) throw Fail(line, $"STATISTIC needs one value (NONE, AVERAGED, MINIMUM, MAXIMUM or RANGE), found {line.Count - 1}");
                    break;
                default:
                    throw Fail(line, $"unknown time option '{InpSections.Shorten(string.Join(' ', line.Fields[..Math.Min(2, line.Count)]))}'; [TIMES] has {string.Join(", ", TimeKeys)}");
            }
        }
        // As EPANET: the hydraulic step is no longer than the pattern and report steps; a report start past the end is 0.
        times = times with { HydraulicStep = Math.Min(times.HydraulicStep, Math.Min(times.PatternStep, times.ReportStep)) };
        if (times.ReportStart > times.Duration) times = times with { ReportStart = 0 };
        _times = times;

        long Step(InpLine line, string what)
        {
            var step = Time(line, 2, what, clock: false);
            if (step <= 0) throw Fail(line, $"{what} {string.Join(' ', line.Fields[2..])} must be longer than 0");
            return step;
        }
    }

    /// <summary>
    /// A time from field <paramref name="index"/> to the end of the line, in seconds: decimal hours, <c>h:mm</c> or
    /// <c>h:mm:ss</c>, or a decimal with a unit (SEC, MIN, HOURS, DAYS); a clock time may end in AM or PM (12 AM is
    /// midnight) and must be before 24:00.
    /// </summary>
    private long Time(InpLine line, int index, string what, bool clock)
    {
        var layout = clock ? "h, h:mm or h:mm:ss, optionally followed by AM or PM" : "hours, h:mm, h:mm:ss, or a number followed by SEC, MIN, HOURS or DAYS";
        if (line.Count < index + 1 || line.Count > index + 2)
            throw Fail(line, $"{what} needs a time ({layout}), found {Math.Max(0, line.Count - index)} values");
        var value = line.Fields[index];
        var unit = line.Count > index + 1 ? line.Fields[index + 1].ToUpperInvariant() : null;
        if (unit is null && clock && value.Length > 2 && (value.EndsWith("AM", StringComparison.OrdinalIgnoreCase) || value.EndsWith("PM", StringComparison.OrdinalIgnoreCase)))
        {
            unit = value[^2..].ToUpperInvariant();
            value = value[..^2];
        }
        bool meridian = unit is "AM" or "PM";
        if (unit is not null && clock && !meridian)
            throw Fail(line, $"{what} '{InpSections.Shorten(line.Fields[index + 1])}' is not AM or PM");

        double hours;
        if (value.Contains(':'))
        {
            var parts = value.Split(':');
            if (parts.Length > 3 || parts.Any(p => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0) || !double.IsFinite(v)))
                throw Fail(line, $"{what} '{InpSections.Shorten(value)}' is not a time ({layout})");
            hours = double.Parse(parts[0], CultureInfo.InvariantCulture)
                + double.Parse(parts[1], CultureInfo.InvariantCulture) / 60
                + (parts.Length == 3 ? double.Parse(parts[2], CultureInfo.InvariantCulture) / 3600 : 0);
            if (unit is not null && !meridian)
                throw Fail(line, $"{what} '{value} {line.Fields[index + 1]}' gives a unit to an h:mm time; write a number before SEC, MIN, HOURS or DAYS");
        }
        else
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number < 0)
                throw Fail(line, $"{what} '{InpSections.Shorten(value)}' is not a time ({layout})");
            hours = unit switch
            {
                null or "AM" or "PM" => number,
                _ when unit.StartsWith("SEC", StringComparison.Ordinal) => number / 3600,
                _ when unit.StartsWith("MIN", StringComparison.Ordinal) => number / 60,
                _ when unit.StartsWith("HOUR", StringComparison.Ordinal) || unit.StartsWith("HR", StringComparison.Ordinal) => number,
                _ when unit.StartsWith("DAY", StringComparison.Ordinal) => number * 24,
                _ => throw Fail(line, $"{what} unit '{InpSections.Shorten(line.Fields[index + 1])}' is not SEC, MIN, HOURS or DAYS"),
            };
        }
        if (meridian)
        {
            if (hours >= 13) throw Fail(line, $"{what} '{value} {unit}' is past 12 on a 12-hour clock");
            if (unit == "AM" && hours >= 12) hours -= 12;
            if (unit == "PM" && hours < 12) hours += 12;
        }
        var seconds = Math.Round(hours * 3600);
        if (seconds > long.MaxValue / 2) throw Fail(line, $"{what} '{InpSections.Shorten(value)}' is too long a time");
        if (clock && seconds >= 86400) throw Fail(line, $"{what} '{InpSections.Shorten(value)}' is not a time of day (before 24:00)");
        return (long)seconds;
    }
}
