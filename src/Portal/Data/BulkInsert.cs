using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Data;

/// Inserts many rows of one entity type without the change tracker: a prepared INSERT per row on SQLite, binary
/// COPY on PostgreSQL. Columns, value conversions (enums as text, DateTimeOffset as ticks on SQLite) and store types
/// come from the EF model, so the rows read back through EF exactly like rows EF wrote. For the bulk paths only
/// (ERP import, segmentation results, the benchmark generator): EF's per-entity inserts with RETURNING cost about
/// ten times as much there. Runs in the context's current transaction when there is one.
public static class BulkInsert
{
    public static async Task<long> InsertAsync<T>(this PortalDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || !p.IsPrimaryKey())
            .Select(p => new Column(p.GetColumnName(store)!, p.GetGetter(), p.GetRelationalTypeMapping().Converter, StoreType(p.GetColumnType())))
            .ToArray();

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            return connection is NpgsqlConnection npgsql
                ? await CopyAsync(npgsql, table, columns, rows, cancellationToken)
                : await InsertEachAsync(db, connection, table, columns, rows, cancellationToken);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed record Column(string Name, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter, string StoreType)
    {
        public object? Value(object entity)
        {
            var value = Getter.GetClrValue(entity);
            return value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value);
        }
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string table, Column[] columns, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var count = 0L;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Value(row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.StoreType, cancellationToken);
                }
            }

            count++;
        }

        await importer.CompleteAsync(cancellationToken);
        return count;
    }

    private static async Task<long> InsertEachAsync<T>(PortalDbContext db, DbConnection connection, string table, Column[] columns, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
            var parameters = columns.Select((_, i) =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
            await command.PrepareAsync(cancellationToken);
            var count = 0L;
            foreach (var row in rows)
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                count++;
            }

            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return count;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    // "numeric(18,2)" → "numeric", "character varying(40)" → "character varying": the name Npgsql writes by.
    private static string StoreType(string columnType)
    {
        var parenthesis = columnType.IndexOf('(', StringComparison.Ordinal);
        return (parenthesis < 0 ? columnType : columnType[..parenthesis]).Trim();
    }
}
