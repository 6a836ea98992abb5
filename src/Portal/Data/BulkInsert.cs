using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using SQLitePCL;

namespace Portal.Data;

/// Inserts many rows of one entity type without the change tracker: a prepared INSERT per row on SQLite (bound
/// through SQLite's own API by position), binary COPY on PostgreSQL. Columns, value conversions (enums as text, DateTimeOffset as ticks on SQLite) and store types
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
            .Where(p => (p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || !p.IsPrimaryKey()) && p.GetComputedColumnSql() is null)
            .Select(p =>
            {
                var converter = p.GetRelationalTypeMapping().Converter;
                var providerType = converter?.ProviderClrType ?? p.ClrType;
                return new Column(p, p.GetColumnName(store)!, p.GetGetter(), converter, StoreType(p.GetColumnType()), Nullable.GetUnderlyingType(providerType) ?? providerType);
            })
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

    /// InsertAsync for a load that dwarfs the table, in the caller's transaction: the table's secondary indexes (those
    /// that back no constraint) are dropped, the rows inserted and the indexes built again, which sorts once instead
    /// of inserting into every index row by row. On PostgreSQL the table's foreign keys are dropped and added again
    /// too, which checks every row in one join instead of one lookup per row (100,000 segmentation figure rows:
    /// 2.1 s → 0.8 s here); SQLite cannot drop a foreign key and checks each row as it is inserted. The constraints
    /// and indexes are the same afterwards, every row is checked, and a rollback puts everything back as it was.
    /// On PostgreSQL dropping a foreign key locks the table it references exclusively until the commit (readers of
    /// that table wait): a caller loads last in its transaction.
    public static async Task<long> LoadAsync<T>(this PortalDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("LoadAsync drops and restores indexes and constraints: it needs the caller's transaction.");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        var table = entityType.GetTableName()!;
        var connection = transaction.Connection!;

        // What to drop and how to put it back, as the database has it: indexes first (order 1), then the foreign
        // keys (order 2), whose check can use them.
        var drop = new List<string>();
        var restore = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = connection is NpgsqlConnection
                ? """
                  SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                         format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)), 2
                  FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'f'
                  UNION ALL
                  SELECT format('DROP INDEX %s', indexrelid::regclass), pg_get_indexdef(indexrelid), 1
                  FROM pg_index i WHERE indrelid = @table::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                  ORDER BY 3
                  """
                // An index SQLite made for a constraint (primary key, unique) has no SQL of its own.
                : """
                  SELECT 'DROP INDEX "' || replace(name, '"', '""') || '"', sql, 1
                  FROM sqlite_master WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL
                  """;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@table";
            parameter.Value = connection is NpgsqlConnection ? $"\"{table}\"" : table;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                drop.Add(reader.GetString(0));
                restore.Add(reader.GetString(1));
            }
        }

        await ExecuteAsync(connection, transaction, drop, cancellationToken);
        var count = await db.InsertAsync(rows, cancellationToken);
        await ExecuteAsync(connection, transaction, restore, cancellationToken);
        return count;

        static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, List<string> statements, CancellationToken cancellationToken)
        {
            foreach (var statement in statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement;
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private sealed record Column(IProperty Property, string Name, IClrPropertyGetter Getter, ValueConverter? Converter, string StoreType, Type ProviderType)
    {
        public object? Value(object entity)
        {
            var value = Getter.GetClrValue(entity);
            return value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value);
        }
    }

    /// Hands a row's columns to a writer, typed: each value read from its property, converted by its converter's
    /// expression and passed without boxing it or resolving its type per value. The writers share the method names
    /// StartRow, Write and WriteNull: PgCopyWriter and SqliteRowBinder have a Write overload per provider type, Npgsql's
    /// importer a generic Write<TProvider>(value, storeType) (for the column types PgCopyWriter does not encode). One
    /// compiled method per writer, entity type and column list, kept for the process.
    private static Action<TWriter, object> RowWriter<TWriter>(Column[] columns) =>
        (Action<TWriter, object>)RowWriters.GetOrAdd(
            $"{typeof(TWriter).Name}\n{string.Join('\n', columns.Select(c => $"{c.Property.DeclaringType.Name}.{c.Property.Name}:{c.StoreType}"))}",
            _ => CompileRowWriter<TWriter>(columns));

    private static readonly ConcurrentDictionary<string, Delegate> RowWriters = new();

    private static Action<TWriter, object> CompileRowWriter<TWriter>(Column[] columns)
    {
        var writer = Expression.Parameter(typeof(TWriter), "writer");
        var row = Expression.Parameter(typeof(object), "row");
        var entityType = columns[0].Property.DeclaringType.ClrType;
        var entity = Expression.Variable(entityType, "entity");
        var variables = new List<ParameterExpression> { entity };
        var body = new List<Expression>
        {
            Expression.Assign(entity, Expression.Convert(row, entityType)),
            Expression.Call(writer, "StartRow", Type.EmptyTypes),
        };
        foreach (var column in columns)
        {
            var property = column.Property;
            MemberInfo member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo
                ?? throw new NotSupportedException($"{entityType.Name}.{property.Name} has no CLR member to copy from.");
            var value = Expression.Variable(property.ClrType, property.Name);
            variables.Add(value);
            body.Add(Expression.Assign(value, Expression.MakeMemberAccess(entity, member)));
            var underlying = Nullable.GetUnderlyingType(property.ClrType);
            Expression present = underlying is null ? value : Expression.Property(value, nameof(Nullable<int>.Value));
            if (column.Converter is { } converter)
            {
                var convert = converter.ConvertToProviderExpression;
                present = Expression.Invoke(convert, present.Type == convert.Parameters[0].Type ? present : Expression.Convert(present, convert.Parameters[0].Type));
            }

            if (Nullable.GetUnderlyingType(present.Type) is not null)
            {
                present = Expression.Property(present, nameof(Nullable<int>.Value));
            }

            Expression write = typeof(TWriter) == typeof(NpgsqlBinaryImporter)
                ? Expression.Call(writer, nameof(NpgsqlBinaryImporter.Write), [present.Type], present, Expression.Constant(column.StoreType))
                : Expression.Call(writer, "Write", Type.EmptyTypes, present);
            body.Add(property.ClrType.IsValueType && underlying is null
                ? write
                : Expression.IfThenElse(
                    Expression.Equal(value, Expression.Constant(null, property.ClrType)),
                    Expression.Call(writer, "WriteNull", Type.EmptyTypes),
                    write));
        }

        return Expression.Lambda<Action<TWriter, object>>(Expression.Block(variables, body), writer, row).Compile();
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string table, Column[] columns, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var count = 0L;
        var copy = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";
        if (columns.All(c => PgCopyWriter.Supports(c.StoreType, c.ProviderType)))
        {
            // Encoded here and sent in pieces of about 1 MB; the server checks every value as it would Npgsql's.
            var encoder = new PgCopyWriter(columns.Length);
            var encode = RowWriter<PgCopyWriter>(columns);
            await using var stream = await connection.BeginRawBinaryCopyAsync(copy, cancellationToken);
            try
            {
                foreach (var row in rows)
                {
                    encode(encoder, row);
                    if (encoder.Pending >= 1 << 20)
                    {
                        stream.Write(encoder.Written);
                        encoder.Clear();
                    }

                    if (++count % 10_000 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }

                encoder.End();
                stream.Write(encoder.Written);
            }
            catch
            {
                await stream.CancelAsync();
                throw;
            }

            return count;
        }

        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        // The synchronous writes on purpose: each asynchronous one with a cancellation token sets up a cancellation
        // source on every buffer flush, which took most of the time of a 100,000-row copy. Cancellation is checked
        // every 10,000 rows instead.
        var write = RowWriter<NpgsqlBinaryImporter>(columns);
        foreach (var row in rows)
        {
            write(importer, row);

            if (++count % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
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
            if (connection is SqliteConnection { Handle: { } handle } && columns.All(c => RawBindable.Contains(c.ProviderType)))
            {
                var inserted = InsertRaw(handle, command.CommandText, columns, rows, cancellationToken);
                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                }

                return inserted;
            }

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

    private static readonly HashSet<Type> RawBindable =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(short), typeof(int), typeof(long), typeof(double), typeof(float),
        typeof(decimal), typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset), typeof(byte[]),
    ];

    /// Microsoft.Data.Sqlite binds every parameter by name on every execution, which is most of the time of a
    /// 100,000-row insert; this binds by position on a statement of our own, on the same connection and transaction,
    /// storing each value the way Microsoft.Data.Sqlite would (decimals, dates and times as text).
    private static long InsertRaw<T>(sqlite3 handle, string sql, Column[] columns, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        // Named parameters stay numbered in order of appearance, so @p0 is position 1.
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            var count = 0L;
            var binder = new SqliteRowBinder(handle, statement);
            var bind = RowWriter<SqliteRowBinder>(columns);
            foreach (var row in rows)
            {
                bind(binder, row);
                var step = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(handle, step);
                }

                if (++count % 10_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            return count;
        }
    }

    /// A row's values bound by position, each through the overload of its provider type (the compiled row writer
    /// calls them without boxing a value), stored the way Microsoft.Data.Sqlite stores them.
    private sealed class SqliteRowBinder(sqlite3 handle, sqlite3_stmt statement)
    {
        private byte[] buffer = new byte[256];
        private int index;

        public void StartRow() => index = 0;

        public void WriteNull() => Check(handle, raw.sqlite3_bind_null(statement, ++index));

        public void Write(string value)
        {
            // UTF-8 into a buffer kept across rows: SQLitePCL's string overload allocates a copy per value.
            if (System.Text.Encoding.UTF8.GetMaxByteCount(value.Length) > buffer.Length)
            {
                buffer = new byte[System.Text.Encoding.UTF8.GetMaxByteCount(value.Length)];
            }

            Check(handle, raw.sqlite3_bind_text(statement, ++index, buffer.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(value, buffer))));
        }

        public void Write(bool value) => Write(value ? 1L : 0L);

        public void Write(byte value) => Write((long)value);

        public void Write(short value) => Write((long)value);

        public void Write(int value) => Write((long)value);

        public void Write(long value) => Check(handle, raw.sqlite3_bind_int64(statement, ++index, value));

        public void Write(float value) => Write((double)value);

        public void Write(double value) => Check(handle, raw.sqlite3_bind_double(statement, ++index, value));

        public void Write(decimal value) => Check(handle, BindDecimal(statement, ++index, value, buffer));

        public void Write(DateOnly value) => Check(handle, BindUtf8(statement, ++index, value, "yyyy\\-MM\\-dd", buffer));

        public void Write(DateTime value) => Check(handle, BindUtf8(statement, ++index, value, "yyyy\\-MM\\-dd HH\\:mm\\:ss.FFFFFFF", buffer));

        public void Write(DateTimeOffset value) => Check(handle, BindUtf8(statement, ++index, value, "yyyy\\-MM\\-dd HH\\:mm\\:ss.FFFFFFFzzz", buffer));

        public void Write(byte[] value) => Check(handle, raw.sqlite3_bind_blob(statement, ++index, value));
    }

    /// As Microsoft.Data.Sqlite writes a decimal ("0.0###########################": no trailing zeros, at least one
    /// decimal), from the general format, which is several times faster than a custom format string.
    private static int BindDecimal(sqlite3_stmt statement, int index, decimal value, byte[] buffer)
    {
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        if (buffer.AsSpan(0, written).IndexOf((byte)'.') < 0)
        {
            buffer[written++] = (byte)'.';
            buffer[written++] = (byte)'0';
        }
        else
        {
            while (buffer[written - 1] == (byte)'0' && buffer[written - 2] != (byte)'.')
            {
                written--;
            }
        }

        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written));
    }

    // Text as Microsoft.Data.Sqlite would write it, formatted straight into UTF-8 (the buffer holds at least 256 bytes).
    private static int BindUtf8<TValue>(sqlite3_stmt statement, int index, TValue value, string format, byte[] buffer)
        where TValue : IUtf8SpanFormattable
    {
        if (!value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{value} does not fit a {buffer.Length}-byte buffer.");
        }

        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written));
    }

    private static void Check(sqlite3 handle, int code)
    {
        if (code is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"SQLite Error {code}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", code, raw.sqlite3_extended_errcode(handle));
        }
    }

    // "numeric(18,2)" → "numeric", "character varying(40)" → "character varying": the name Npgsql writes by.
    private static string StoreType(string columnType)
    {
        var parenthesis = columnType.IndexOf('(', StringComparison.Ordinal);
        return (parenthesis < 0 ? columnType : columnType[..parenthesis]).Trim();
    }
}
