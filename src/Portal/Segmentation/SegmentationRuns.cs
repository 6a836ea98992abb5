using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Localization;

namespace Portal.Segmentation;

public sealed class SegmentationOptions
{
    public const string SectionName = "Segmentation";

    /// This instance's worker (queued runs, the nightly run, giving up abandoned runs). Off, the instance still
    /// queues runs for the others and shows their progress.
    public bool WorkerEnabled { get; set; } = true;

    /// Recompute every night (business time, Europe/Berlin). Each day's nightly run happens once, whichever instance
    /// gets there first.
    public bool NightlyEnabled { get; set; } = true;

    public TimeOnly NightlyAt { get; set; } = new(2, 0);

    /// How often each instance's worker looks for a queued run ("recompute now") and for the nightly run.
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// A running run whose instance has not reported for this long is taken as abandoned (the instance died).
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(30);
}

/// Runs as rows in the database, so several instances share them: an admin's "recompute now" queues a run, the
/// first worker to claim it runs it and writes its progress into the row, and every instance's page shows it. The
/// unique ActiveKey keeps it to one active run at a time; the unique NightlyKey to one nightly run per day.
public sealed class SegmentationRuns(
    PortalDbContext db,
    SegmentationRunner runner,
    SegmentationSettingsStore settings,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<SegmentationOptions> options,
    ILogger<SegmentationRuns> logger)
{
    public const string ActiveKey = "active";

    public static string Instance { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public Task<SegmentationRun?> ActiveAsync(CancellationToken cancellationToken) =>
        db.SegmentationRuns.AsNoTracking().FirstOrDefaultAsync(r => r.ActiveKey == ActiveKey, cancellationToken);

    /// Records a new active run, or returns null when another run is active (or tonight's already exists).
    public async Task<SegmentationRun?> StartAsync(SegmentationTrigger trigger, SegmentationRunStatus status, DateOnly asOf, SegmentationMode? mode, string? requestedBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = new SegmentationRun
        {
            AsOf = asOf,
            Mode = mode ?? (await settings.LoadAsync(cancellationToken)).Mode,
            Trigger = trigger,
            Status = status,
            Stage = status == SegmentationRunStatus.Queued ? "Queued" : "Starting",
            RequestedBy = requestedBy,
            ClaimedBy = status == SegmentationRunStatus.Running ? Instance : null,
            CreatedAt = now,
            StartedAt = status == SegmentationRunStatus.Running ? now : null,
            HeartbeatAt = now,
            ActiveKey = ActiveKey,
            NightlyKey = trigger == SegmentationTrigger.Nightly ? asOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        db.SegmentationRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// One worker round: give up on abandoned runs, queue tonight's run when it is due, and run a queued run if
    /// this instance claims it. Returns the run it ran, if any.
    public async Task<SegmentationRun?> WorkOnceAsync(CancellationToken cancellationToken)
    {
        await ExpireStaleAsync(cancellationToken);
        var now = Dates.ToBusinessTime(time.GetUtcNow());
        if (options.Value.NightlyEnabled && TimeOnly.FromDateTime(now.DateTime) >= options.Value.NightlyAt)
        {
            var today = DateOnly.FromDateTime(now.DateTime);
            var key = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (!await db.SegmentationRuns.AnyAsync(r => r.NightlyKey == key, cancellationToken))
            {
                await StartAsync(SegmentationTrigger.Nightly, SegmentationRunStatus.Queued, today, null, null, cancellationToken);
            }
        }

        var queued = await db.SegmentationRuns.AsNoTracking()
            .Where(r => r.Status == SegmentationRunStatus.Queued && r.ActiveKey == ActiveKey)
            .Select(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (queued == 0)
        {
            return null;
        }

        var claimed = await db.SegmentationRuns
            .Where(r => r.Id == queued && r.Status == SegmentationRunStatus.Queued)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SegmentationRunStatus.Running)
                .SetProperty(r => r.ClaimedBy, Instance)
                .SetProperty(r => r.StartedAt, time.GetUtcNow())
                .SetProperty(r => r.HeartbeatAt, time.GetUtcNow())
                .SetProperty(r => r.Stage, "Starting"), cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        var run = await db.SegmentationRuns.AsNoTracking().SingleAsync(r => r.Id == queued, cancellationToken);
        await ExecuteAsync(run, null, null, false, cancellationToken);
        return await db.SegmentationRuns.AsNoTracking().SingleAsync(r => r.Id == queued, cancellationToken);
    }

    /// Runs a run this instance holds and records how it ended; progress goes into the run's row as it happens.
    public async Task<SegmentationOutcome> ExecuteAsync(SegmentationRun run, decimal? aShare, decimal? bShare, bool failSilently, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await runner.RunAsync(new SegmentationRequest(run.AsOf, run.Mode, aShare, bShare, DryRun: false, RunId: run.Id), p => ReportAsync(run.Id, p), cancellationToken);
            var classes = outcome.Rows.GroupBy(r => r.Evaluation.Segment).ToDictionary(g => g.Key, g => g.Count());
            await UpdateAsync(run.Id, u => u
                .SetProperty(r => r.Status, SegmentationRunStatus.Completed)
                .SetProperty(r => r.Progress, 100)
                .SetProperty(r => r.Stage, "Done")
                .SetProperty(r => r.FinishedAt, time.GetUtcNow())
                .SetProperty(r => r.Customers, outcome.Rows.Count)
                .SetProperty(r => r.SegmentA, classes.GetValueOrDefault(Customers.Segment.A))
                .SetProperty(r => r.SegmentB, classes.GetValueOrDefault(Customers.Segment.B))
                .SetProperty(r => r.SegmentC, classes.GetValueOrDefault(Customers.Segment.C))
                .SetProperty(r => r.Changes, outcome.Changes)
                .SetProperty(r => r.ActionsCreated, outcome.ActionsCreated)
                .SetProperty(r => r.ActiveKey, (string?)null));
            logger.LogInformation("Segmentation run {Run} as of {AsOf}: {Customers} customers, {Changes} changes, {Actions} new actions", run.Id, run.AsOf, outcome.Rows.Count, outcome.Changes, outcome.ActionsCreated);
            await PlanCareAsync(cancellationToken);
            return outcome;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Segmentation run {Run} failed", run.Id);
            var message = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
            await UpdateAsync(run.Id, u => u
                .SetProperty(r => r.Status, SegmentationRunStatus.Failed)
                .SetProperty(r => r.Stage, "Failed")
                .SetProperty(r => r.Error, message)
                .SetProperty(r => r.FinishedAt, time.GetUtcNow())
                .SetProperty(r => r.ActiveKey, (string?)null));
            if (failSilently)
            {
                return new SegmentationOutcome(default, new SegmentationSettings(), [], 0, 0, default, default, default);
            }

            throw;
        }
    }

    /// New strategies and actions become the reps' tasks at once, not at the care plan worker's next round. The
    /// run itself has succeeded either way; a failure here is the worker's to make up.
    private async Task PlanCareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Sales.CarePlan>().GenerateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Care tasks after the segmentation run failed; the care plan worker will catch up");
        }
    }

    public async Task<int> ExpireStaleAsync(CancellationToken cancellationToken)
    {
        var limit = time.GetUtcNow() - options.Value.StaleAfter;
        return await db.SegmentationRuns
            .Where(r => r.Status == SegmentationRunStatus.Running && r.HeartbeatAt < limit)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SegmentationRunStatus.Failed)
                .SetProperty(r => r.Stage, "Abandoned")
                .SetProperty(r => r.Error, "The instance running it stopped reporting; taken as abandoned.")
                .SetProperty(r => r.FinishedAt, time.GetUtcNow())
                .SetProperty(r => r.ActiveKey, (string?)null), cancellationToken);
    }

    // Progress and the end state go through a context of their own, outside the run's transaction, so other
    // instances see them at once.
    private Task ReportAsync(long runId, SegmentationProgress progress) => UpdateAsync(runId, u => u
        .SetProperty(r => r.Progress, progress.Percent)
        .SetProperty(r => r.Stage, progress.Stage)
        .SetProperty(r => r.HeartbeatAt, time.GetUtcNow()));

    private async Task UpdateAsync(long runId, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<SegmentationRun>> setters)
    {
        await using var scope = scopes.CreateAsyncScope();
        var other = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await other.SegmentationRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(setters, CancellationToken.None);
    }
}

/// Each instance's worker: polls for queued runs and the nightly run (see SegmentationRuns).
public sealed class SegmentationWorker(IServiceScopeFactory scopes, IOptions<SegmentationOptions> options, TimeProvider time, ILogger<SegmentationWorker> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;
    protected override bool Enabled => options.Value.WorkerEnabled;

    // A failed run is recorded on its row; a failed round is the worker's own trouble (database unreachable).
    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SegmentationRuns>().WorkOnceAsync(cancellationToken);
}

public static class SegmentationExtensions
{
    public static IHostApplicationBuilder AddPortalSegmentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SegmentationOptions>().BindConfiguration(SegmentationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SegmentationSettingsStore>();
        builder.Services.AddScoped<SegmentationRunner>();
        builder.Services.AddScoped<SegmentationRuns>();
        builder.Services.AddScoped<SegmentationHistory>();
        builder.Services.AddScoped<SegmentOverrides>();
        builder.Services.AddHostedService<SegmentationWorker>();
        return builder;
    }
}
