using System.Diagnostics;
using System.Globalization;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Import;

/// Imports customers, products or order lines from an ERP export (the command line and the admin upload): opens the
/// file, hands it to the kind's import batch by batch (see BatchImport), writes rejected rows to the rejects file and
/// reports progress. Natural keys (customer number, SKU, order number + line) make a second import of the same file
/// change nothing.
public sealed class ImportRunner(PortalDbContext db, AuditTrail audit, TimeProvider time)
{
    public async Task<ImportSummary> RunAsync(ImportRequest request, TextWriter? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var summary = new ImportSummary { Kind = request.Kind, RejectsPath = request.RejectsPath };
        using var source = CsvRecordSource.Open(request);
        using var rejects = new RejectsWriter(request.RejectsPath);
        try
        {
            rejects.RemoveStale();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only folder: there is nothing stale to remove from it either way that matters for this run.
        }

        var parser = new FieldParser(request.Culture);
        IBatchImport import = request.Kind switch
        {
            ImportKind.Customers => new CustomerImport(db, time, parser),
            ImportKind.Products => new ProductImport(db, audit, parser, ProductImport.Origin.Erp),
            _ => new OrderLineImport(db, time, parser, request.DefaultChannel, source.Has("line")),
        };
        var reporter = new ProgressReporter(progress, summary, time);
        await BatchImport.RunAsync(
            source,
            import,
            db,
            summary,
            rejection =>
            {
                rejects.Write(rejection.Line, rejection.Reason, rejection.Raw);
                summary.Rejected = rejects.Count;
            },
            () => reporter.Report(done: false),
            cancellationToken);
        await AfterBulkLoad.TidyAsync(db, cancellationToken);
        summary.Elapsed = stopwatch.Elapsed;
        reporter.Report(done: true);
        return summary;
    }

    /// Progress on stderr about every two seconds: rewritten in place on a terminal, one line each otherwise.
    private sealed class ProgressReporter(TextWriter? output, ImportSummary summary, TimeProvider time)
    {
        private readonly bool inPlace = output is not null && ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected;
        private DateTimeOffset last = time.GetUtcNow();

        public void Report(bool done)
        {
            if (output is null)
            {
                return;
            }

            var now = time.GetUtcNow();
            if (!done && now - last < TimeSpan.FromSeconds(2))
            {
                return;
            }

            last = now;
            var text = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} rows read, {2:N0} imported, {3:N0} already present, {4:N0} rejected", summary.Kind.ToString().ToLowerInvariant(), summary.Read, summary.Created + summary.Updated, summary.Unchanged, summary.Rejected);
            if (inPlace)
            {
                output.Write("\r" + text + (done ? Environment.NewLine : ""));
            }
            else if (!done)
            {
                output.WriteLine(text);
            }
        }
    }
}
