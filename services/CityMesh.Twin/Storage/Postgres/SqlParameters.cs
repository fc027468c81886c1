using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>Collects the parameters of one statement as SQL is built: every value reaches PostgreSQL as a parameter.</summary>
internal sealed class SqlParameters
{
    private readonly List<NpgsqlParameter> _parameters = [];

    /// <returns>The placeholder to put in the SQL text.</returns>
    public string Add(object? value, NpgsqlDbType type)
    {
        var name = "p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return "@" + name;
    }

    public string Text(string value) => Add(value, NpgsqlDbType.Text);

    public string TextArray(IEnumerable<string> values) => Add(values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);

    public string Double(double value) => Add(value, NpgsqlDbType.Double);

    public NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in _parameters) command.Parameters.Add(parameter);
        return command;
    }
}
