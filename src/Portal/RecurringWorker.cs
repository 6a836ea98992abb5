namespace Portal;

/// A background loop on each instance: one round of work in its own scope every interval. A failed round is logged
/// and the next round tries again; rounds must therefore be safe to repeat (each worker says why its are).
public abstract class RecurringWorker(IServiceScopeFactory scopes, TimeProvider time, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// Wait one interval before the first round (so that a starting app does not act on boot).
    protected virtual bool WaitFirst => false;

    protected virtual bool Enabled => true;

    protected abstract Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || (WaitFirst && !await DelayAsync(stoppingToken)))
        {
            return;
        }

        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunRoundAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "{Worker} round failed; trying again in {Interval}", GetType().Name, Interval);
            }
        }
        while (await DelayAsync(stoppingToken));
    }

    private async Task<bool> DelayAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Interval, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
