using Portal.Data;

namespace Portal.Import;

/// One kind of import (customers, products, order lines): checks a batch of records, writes the good ones with one
/// SaveChanges, counts them into the summary and adds each bad one to `rejected` with its reason.
internal interface IBatchImport
{
    Task ImportAsync(IReadOnlyList<CsvRecord> batch, ImportSummary summary, List<Rejection> rejected, CancellationToken cancellationToken);
}

internal sealed record Rejection(long Line, string Reason, string Raw)
{
    public Rejection(CsvRecord record, string reason)
        : this(record.Line, reason, record.Raw)
    {
    }
}

/// Streams a file through an import: rows are read, checked and written in batches (one SaveChanges each, then the
/// change tracker is emptied), so memory follows the batch and the number of distinct keys, never the number of rows.
/// Each batch commits on its own: an import that stops half-way is resumed by importing the same file again.
internal static class BatchImport
{
    public const int BatchSize = 5000;

    /// The batch's records that parse; each one that does not goes to `rejected` with its reason.
    public static List<T> Parse<T>(IReadOnlyList<CsvRecord> batch, Func<CsvRecord, T> parse, List<Rejection> rejected)
    {
        var rows = new List<T>(batch.Count);
        foreach (var record in batch)
        {
            try
            {
                rows.Add(parse(record));
            }
            catch (RowRejectedException e)
            {
                rejected.Add(new(record, e.Message));
            }
        }

        return rows;
    }

    public static async Task RunAsync(CsvRecordSource source, IBatchImport import, PortalDbContext db, ImportSummary summary, Action<Rejection> reject, Action afterBatch, CancellationToken cancellationToken)
    {
        // Change detection over every tracked row on each Add would make a batch quadratic; the imports detect
        // changes once per batch themselves.
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var rejected = new List<Rejection>();
            foreach (var batch in source.Batches(BatchSize))
            {
                summary.Read += batch.Count;
                rejected.Clear();
                await import.ImportAsync(batch, summary, rejected, cancellationToken);
                foreach (var rejection in rejected.OrderBy(r => r.Line))
                {
                    reject(rejection);
                }

                db.ChangeTracker.Clear();
                afterBatch();
            }
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }
}
