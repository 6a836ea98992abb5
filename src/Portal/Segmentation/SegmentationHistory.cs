using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Segmentation;

/// Month-end runs for the past, so that trends and moves between classes have data from the first day: a new
/// installation imports years of ERP history, but its nightly runs only start today.
public sealed class SegmentationHistory(PortalDbContext db, SegmentationRuns runs)
{
    /// Runs the segmentation as of the last day of each of the `months` months before `asOf`'s, oldest first,
    /// skipping month ends that already have a completed run. Each run sets the customers' classes as of its day
    /// (and with them catalogs and prices), so this is for an installation before buyers use it, and the caller runs
    /// `asOf` last. Returns the runs made; refuses (null) while another run is active.
    public async Task<int?> BackfillAsync(int months, DateOnly asOf, Action<DateOnly>? progress, CancellationToken cancellationToken)
    {
        var today = asOf;
        var made = 0;
        for (var back = months; back >= 1; back--)
        {
            var month = today.AddMonths(-back);
            var monthEnd = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
            if (await db.SegmentationRuns.AnyAsync(r => r.AsOf == monthEnd && r.Status == SegmentationRunStatus.Completed, cancellationToken))
            {
                continue;
            }

            var run = await runs.StartAsync(SegmentationTrigger.CommandLine, SegmentationRunStatus.Running, monthEnd, null, "history", cancellationToken);
            if (run is null)
            {
                return null;
            }

            progress?.Invoke(monthEnd);
            await runs.ExecuteAsync(run, null, null, failSilently: false, cancellationToken);
            made++;
        }

        return made;
    }
}
