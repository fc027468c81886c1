using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.Matpower;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The MATPOWER reader on the shared feeders (their trailing unit conversions run, not special-cased) and on small
/// inline cases: values per unit as the file's statements leave them, and every refusal naming its line and field.
/// </summary>
public sealed class MatpowerReaderTests
{
    // Baran & Wu: 12.66 kV, 10 MVA, so Z base = 12.66² / 10 ohm.
    private const double Zbase = 12.66 * 12.66 / 10;

    private static PowerGrid Parse(string text) => MatpowerReader.Read(new StringReader(text), "test.m");

    private static MatpowerFormatException Refused(string text) => Assert.Throws<MatpowerFormatException>(() => Parse(text));

    /// <summary>A valid three-bus case; tests break one piece of it.</summary>
    private const string Small = """
        function mpc = small
        mpc.version = '2';
        mpc.baseMVA = 100;
        mpc.bus = [
        	1	3	0	0	0	0	1	1.02	0	132	1	1.1	0.9;
        	2	2	20	10	0	0	1	1	0	132	1	1.1	0.9;
        	3	1	50	20	0	5	1	1	0	33	1	1.1	0.9;
        ];
        mpc.gen = [
        	1	0	0	100	-100	1.02	100	1	200	0;
        	2	40	0	50	-50	1.01	100	1	60	0;
        ];
        mpc.branch = [
        	1	2	0.01	0.1	0.02	120	0	0	0	0	1	-360	360;
        	2	3	0.005	0.08	0	60	0	0	0.975	-2	1	-360	360;
        	1	3	0.02	0.2	0.04	0	0	0	0	0	0	-360	360;
        ];
        """;

    [Fact]
    public void Baran_and_Wu_33_bus_feeder_is_read_in_per_unit_with_its_conversions_run()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));

        Assert.Equal("case33bw", grid.Name);
        Assert.Equal(10, grid.BaseMva);
        Assert.Equal((33, 1, 37), (grid.Buses.Count, grid.Generators.Count, grid.Branches.Count));
        Assert.Equal(5, grid.Branches.Count(b => !b.InService));
        Assert.Equal(1, grid.Slack.Id);
        // mpc.bus(:, [PD, QD]) / 1e3: kW → MW.
        Assert.Equal(0.1, grid.Buses[1].Pd, 12);
        Assert.Equal(0.06, grid.Buses[1].Qd, 12);
        var (p, q) = grid.TotalLoad;
        Assert.Equal(3.715, p, 9);
        Assert.Equal(2.3, q, 9);
        // mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase) with Vbase = 12.66e3 V, Sbase = 10e6 VA: ohm → pu.
        Assert.Equal(16.02756, Zbase, 5);
        Assert.Equal(0.0922 / Zbase, grid.Branches[0].R, 15);
        Assert.Equal(0.0470 / Zbase, grid.Branches[0].X, 15);
        Assert.Equal(PerUnit.ImpedanceFromOhms(0.5, 12.66, 10), grid.Branches[^1].R, 15);
        // Untouched columns stay as written; a ratio of 0 reads as 1.
        Assert.Equal(12.66, grid.Buses[5].BaseKv);
        Assert.Equal((1.0, 0.0, 0.0), (grid.Branches[0].Tap, grid.Branches[0].ShiftDegrees, grid.Branches[0].B));
        Assert.False(grid.Branches[0].IsTransformer);
    }

    [Fact]
    public void Case69_is_read_in_per_unit_with_its_conversions_run()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case69.m"));

        Assert.Equal((69, 1, 68), (grid.Buses.Count, grid.Generators.Count, grid.Branches.Count));
        Assert.All(grid.Branches, b => Assert.True(b.InService));
        var (p, q) = grid.TotalLoad;
        Assert.Equal(3.8021, p, 9);
        Assert.Equal(2.6947, q, 9);
        var last = grid.Branches[^1]; // 68-69: 0.0047 + j0.0016 ohm
        Assert.Equal((68, 69), (last.From, last.To));
        Assert.Equal(0.0047 / Zbase, last.R, 15);
        Assert.Equal(0.0016 / Zbase, last.X, 15);
    }

    [Fact]
    public void A_case_in_system_units_is_read_as_written()
    {
        var grid = Parse(Small);

        Assert.Equal("small", grid.Name);
        Assert.Equal(100, grid.BaseMva);
        Assert.Equal([BusType.Slack, BusType.PV, BusType.PQ], grid.Buses.Select(b => b.Type));
        Assert.Equal((50.0, 20.0, 5.0, 33.0), (grid.Buses[2].Pd, grid.Buses[2].Qd, grid.Buses[2].Bs, grid.Buses[2].BaseKv));
        Assert.Equal((1.02, 1.1, 0.9), (grid.Buses[0].Vm, grid.Buses[0].Vmax, grid.Buses[0].Vmin));
        var gen = grid.Generators[1];
        Assert.Equal((2, 40.0, 1.01, true), (gen.Bus, gen.Pg, gen.Vg, gen.InService));
        var transformer = grid.Branches[1];
        Assert.Equal((0.005, 0.08, 0.0, 60.0, 0.975, -2.0, true), (transformer.R, transformer.X, transformer.B, transformer.RateA, transformer.Tap, transformer.ShiftDegrees, transformer.InService));
        Assert.True(transformer.IsTransformer);
        Assert.False(grid.Branches[2].InService);
        Assert.Equal(0.04, grid.Branches[2].B);
    }

    [Fact]
    public void Conversion_statements_are_run_with_the_values_they_name()
    {
        // An 11 kV case in ohm and kW, its conversion written with numbered columns, a scalar chain and a multiplication.
        var grid = Parse("""
            mpc.version = '2';
            mpc.baseMVA = 5;
            mpc.bus = [
            	1	3	0	0	0	0	1	1	0	11	1	1	1;
            	2	1	400	300	0	0	1	1	0	11	1	1.1	0.9;
            ];
            mpc.gen = [ 1	0	0	10	-10	1	100	1	10	0 ];
            mpc.branch = [ 1	2	2.42	4.84	0	0	0	0	0	0	1 ];
            kV = mpc.bus(2, 10);  Zb = kV^2 / mpc.baseMVA;
            mpc.branch(:, [3, 4]) = mpc.branch(:, [3, 4]) / Zb;
            mpc.bus(:, [3 4]) = mpc.bus(:, [3 4]) * 1e-3;
            """);

        Assert.Equal("test", grid.Name);
        Assert.Equal(2.42 / (121.0 / 5), grid.Branches[0].R, 15);
        Assert.Equal(0.2, grid.Branches[0].X, 15);
        Assert.Equal((0.4, 0.3), (grid.Buses[1].Pd, grid.Buses[1].Qd));
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_naming_its_line_and_column()
    {
        var e = Refused(Small.Replace("2	3	0.005", "2	3	abc"));
        Assert.Equal(15, e.Line);
        Assert.Equal("mpc.branch column 3 (r)", e.Field);
        Assert.Equal("test.m: line 15, mpc.branch column 3 (r): 'abc' is not a number", e.Message);
    }

    [Fact]
    public void A_missing_base_MVA_is_refused()
    {
        var e = Refused(Small.Replace("mpc.baseMVA = 100;", ""));
        Assert.Null(e.Line);
        Assert.Equal("mpc.baseMVA", e.Field);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void A_branch_naming_an_unknown_bus_is_refused()
    {
        var e = Refused(Small.Replace("2	3	0.005", "2	7	0.005"));
        Assert.Equal((15, "mpc.branch column 2 (tbus)"), (e.Line, e.Field));
        Assert.Contains("bus 7 is not in mpc.bus", e.Message);
    }

    [Fact]
    public void A_generator_at_an_unknown_bus_is_refused()
    {
        var e = Refused(Small.Replace("2	40	0	50", "9	40	0	50"));
        Assert.Equal((11, "mpc.gen column 1 (bus)"), (e.Line, e.Field));
    }

    [Fact]
    public void A_row_with_too_few_columns_is_refused()
    {
        var e = Refused(Small.Replace("	1	2	0.01	0.1	0.02	120	0	0	0	0	1	-360	360;", "	1	2	0.01	0.1	0.02;"));
        Assert.Equal((14, "mpc.branch column 6 (rateA)"), (e.Line, e.Field));
        Assert.Contains("only 5 columns", e.Message);
    }

    [Fact]
    public void A_case_without_a_slack_bus_is_refused()
    {
        var e = Refused(Small.Replace("	1	3	0	0", "	1	2	0	0"));
        Assert.Equal("mpc.bus column 2 (type)", e.Field);
        Assert.Contains("no slack bus", e.Message);
    }

    [Fact]
    public void A_second_slack_bus_and_an_unknown_bus_type_are_refused()
    {
        Assert.Equal(6, Refused(Small.Replace("	2	2	20", "	2	3	20")).Line);
        var e = Refused(Small.Replace("	3	1	50", "	3	7	50"));
        Assert.Equal((7, "mpc.bus column 2 (type)"), (e.Line, e.Field));
    }

    [Fact]
    public void A_trailing_statement_the_reader_does_not_understand_is_refused_naming_its_line()
    {
        var e = Refused(Small + "\nmpc.bus(:, 3) = sqrt(mpc.bus(:, 3));\n");
        Assert.Equal(18, e.Line);
        Assert.Contains("expected mpc.M(:, COLUMNS)", e.Message);
        var scaled = Refused(Small + "\nmpc.bus(:, [3 4]) = mpc.bus(:, [4 3]) / 1e3;\n");
        Assert.Contains("scaled in place", scaled.Message);
        var undefined = Refused(Small + "\nmpc.bus(:, [PD QD]) = mpc.bus(:, [PD QD]) / 1e3;\n");
        Assert.Contains("'PD' is not defined", undefined.Message);
        var field = Refused(Small + "\nmpc.areas = [1 1];\n");
        Assert.Equal((18, "mpc.areas"), (field.Line, field.Field));
    }

    [Fact]
    public void An_unclosed_matrix_a_version_1_case_and_a_zero_impedance_are_refused()
    {
        Assert.Contains("never closed", Refused(Small[..Small.LastIndexOf("];", StringComparison.Ordinal)]).Message);
        Assert.Equal("mpc.version", Refused(Small.Replace("'2'", "'1'")).Field);
        var e = Refused(Small.Replace("1	2	0.01	0.1", "1	2	0	0"));
        Assert.Equal((14, "mpc.branch column 4 (x)"), (e.Line, e.Field));
    }
}
