using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mail;

namespace Portal.Api;

/// Sends webhook events. Several instances may run over one database: an event is fanned out to its endpoints by
/// the one instance whose conditional UPDATE marks it (in the same transaction as the deliveries it writes), and a
/// delivery is claimed like a mail in the outbox (MailDispatcher): still due, nobody's lease running, one UPDATE.
/// Each attempt is logged with the response code; a failure is retried with back-off and parked after the last.
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory http, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private WebhookOptions Options => options.Value;

    public async Task<int> RunRoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await FanOutAsync(db, cancellationToken);
        return await DeliverDueAsync(db, cancellationToken);
    }

    private async Task FanOutAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var events = await db.WebhookEvents.AsNoTracking().Where(e => e.FannedOutAt == null).OrderBy(e => e.Id).Select(e => new { e.Id, e.Type, e.CustomerId, e.Payload }).Take(Options.BatchSize).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.RemovedAt == null).Select(e => new { e.Id, e.Events }).ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            // Nobody listens: nothing to deliver, now or later.
            var now = time.GetUtcNow();
            var last = events[^1].Id;
            await db.WebhookEvents.Where(e => e.FannedOutAt == null && e.Id <= last).ExecuteUpdateAsync(s => s.SetProperty(e => e.FannedOutAt, now), cancellationToken);
            return;
        }

        foreach (var raised in events)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = time.GetUtcNow();
            // The customer's number as it is now (the change that raised the event may have created the customer).
            var payload = raised.Payload;
            if (raised.CustomerId is { } customerId && System.Text.Json.Nodes.JsonNode.Parse(payload) is { } json && json["data"] is System.Text.Json.Nodes.JsonObject data)
            {
                data["customerNumber"] = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Number).SingleOrDefaultAsync(cancellationToken);
                payload = json.ToJsonString();
            }

            if (await db.WebhookEvents.Where(e => e.Id == raised.Id && e.FannedOutAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FannedOutAt, now).SetProperty(e => e.Payload, payload), cancellationToken) != 1)
            {
                continue;
            }

            foreach (var endpoint in endpoints.Where(e => WebhookEndpoint.Subscribes(e.Events, raised.Type)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery { EndpointId = endpoint.Id, EventId = raised.Id, Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now });
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private IQueryable<WebhookDelivery> Due(IQueryable<WebhookDelivery> deliveries, DateTimeOffset now) =>
        deliveries.Where(d => (d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now) || (d.Status == WebhookDeliveryStatus.Sending && d.LeaseUntil < now));

    private async Task<int> DeliverDueAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var due = await Due(db.WebhookDeliveries, time.GetUtcNow()).OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Select(d => d.Id).Take(Options.BatchSize).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            var now = time.GetUtcNow();
            var leaseUntil = now + Options.LeaseDuration;
            var claimed = await Due(db.WebhookDeliveries.Where(d => d.Id == id), now).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Sending)
                    .SetProperty(d => d.ClaimedBy, InstanceId)
                    .SetProperty(d => d.LeaseUntil, leaseUntil)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1),
                cancellationToken);
            if (claimed != 1)
            {
                continue;
            }

            var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Endpoint).Include(d => d.Event).SingleAsync(d => d.Id == id, cancellationToken);
            var (status, error) = await PostAsync(delivery, cancellationToken);
            var delivered = status is >= 200 and < 300;
            var giveUp = !delivered && delivery.Attempts >= Options.MaxAttempts;
            var attemptAt = time.GetUtcNow();
            db.WebhookAttempts.Add(new WebhookAttempt { DeliveryId = id, At = attemptAt, StatusCode = status, Error = error });
            await db.SaveChangesAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var next = attemptAt + RetrySchedule.DelayAfter(delivery.Attempts, Options.RetryBaseDelay, Options.RetryMaxDelay);
            await db.WebhookDeliveries.Where(d => d.Id == id && d.ClaimedBy == InstanceId && d.Status == WebhookDeliveryStatus.Sending).ExecuteUpdateAsync(
                s => s.SetProperty(d => d.Status, delivered ? WebhookDeliveryStatus.Delivered : giveUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending)
                    .SetProperty(d => d.LastStatusCode, status)
                    .SetProperty(d => d.DeliveredAt, delivered ? attemptAt : null)
                    .SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null),
                CancellationToken.None);
            if (delivered)
            {
                sent++;
            }
            else if (giveUp)
            {
                logger.LogError("Webhook delivery {DeliveryId} ({Event}) to {Url} parked after {Attempts} attempt(s); an administrator can send it again", id, delivery.Event!.Type, delivery.Endpoint!.Url, delivery.Attempts);
            }
            else
            {
                logger.LogWarning("Webhook delivery {DeliveryId} attempt {Attempts} failed ({Status}), next at {Next:u}", id, delivery.Attempts, status?.ToString() ?? error, next);
            }
        }

        return sent;
    }

    private async Task<(int? Status, string? Error)> PostAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = delivery.Event!.Payload;
        var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint!.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(Webhooks.SignatureHeader, Webhooks.Signature(delivery.Endpoint.Secret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add("Portal-Event", delivery.Event.Type);
        request.Headers.Add("Portal-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var text = $"{e.GetType().Name}: {e.Message}";
            return (null, text.Length <= WebhookDeliveryConfiguration.ErrorLength ? text : text[..WebhookDeliveryConfiguration.ErrorLength]);
        }
    }
}

/// Runs this instance's webhook dispatcher until the app stops.
public sealed class WebhookDispatcherService(WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Webhook round failed; trying again in {Interval}", options.Value.PollInterval);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
