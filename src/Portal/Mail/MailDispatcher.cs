using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Data;

namespace Portal.Mail;

/// Sends due mails from the outbox. Several instances may run over one database: a mail is claimed with a
/// conditional UPDATE (still due, nobody's lease running) and only the instance whose UPDATE changed the row
/// sends it. The same statement works on SQLite and PostgreSQL; on PostgreSQL a competing UPDATE waits for the
/// row lock and then re-checks the condition, so it finds the mail taken.
public sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptions<MailOptions> mailOptions,
    IOptions<SellerOptions> sellerOptions,
    TimeProvider time,
    ILogger<MailDispatcher> logger)
{
    public string InstanceId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public IMailTransport Transport => transport;

    private MailOptions Options => mailOptions.Value;

    /// Sends up to one batch of due mails. A full batch means more may be waiting; the caller looks again at once.
    public async Task<DispatchRound> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = time.GetUtcNow();
        var due = await Due(db.OutboxMessages, now)
            .OrderBy(m => m.NextAttemptAt)
            .ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(Options.BatchSize)
            .ToListAsync(cancellationToken);

        var claimed = 0;
        IMailConnection? connection = null;
        try
        {
            foreach (var id in due)
            {
                if (!await TryClaimAsync(db, id, cancellationToken))
                {
                    continue;
                }

                claimed++;
                var mail = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
                try
                {
                    connection ??= await transport.ConnectAsync(cancellationToken);
                    await connection.SendAsync(ToMime(mail), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Shutting down mid-send: hand the mail back now rather than after the lease.
                    await ReleaseAsync(db, mail);
                    throw;
                }
                catch (Exception e)
                {
                    await RecordFailureAsync(db, mail, e);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }

                    continue;
                }

                // The server has the mail: record that even if shutdown began meanwhile, or it would go out again.
                await MarkSentAsync(db, mail);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        return new DispatchRound(due.Count, claimed, due.Count >= Options.BatchSize);
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTimeOffset now) =>
        messages.Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                            || (m.Status == OutboxStatus.Sending && m.LeaseUntil < now));

    private async Task<bool> TryClaimAsync(PortalDbContext db, long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + Options.LeaseDuration;
        var changed = await Due(db.OutboxMessages.Where(m => m.Id == id), now)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, OutboxStatus.Sending)
                    .SetProperty(m => m.ClaimedBy, InstanceId)
                    .SetProperty(m => m.LeaseUntil, leaseUntil)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1),
                cancellationToken);
        return changed == 1;
    }

    private async Task MarkSentAsync(PortalDbContext db, OutboxMessage mail)
    {
        var now = time.GetUtcNow();
        var changed = await Mine(db, mail.Id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null),
            CancellationToken.None);
        if (changed == 1)
        {
            logger.LogInformation("Sent mail {MailId} ({Kind}) via {Transport}", mail.Id, mail.Kind, transport.Description);
        }
        else
        {
            // Only if the send outlasted the lease and another instance took the mail over: it may arrive twice.
            logger.LogWarning("Mail {MailId} was sent after its lease ran out; another instance had claimed it. Raise Mail:LeaseDuration above the SMTP timeout.", mail.Id);
        }
    }

    private async Task RecordFailureAsync(PortalDbContext db, OutboxMessage mail, Exception error)
    {
        var now = time.GetUtcNow();
        var permanent = error is PermanentMailFailureException;
        var giveUp = permanent || mail.Attempts >= Options.MaxAttempts;
        var nextAttempt = now + RetrySchedule.DelayAfter(mail.Attempts, Options.RetryBaseDelay, Options.RetryMaxDelay);
        var message = Describe(error);
        await Mine(db, mail.Id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, giveUp ? OutboxStatus.Failed : OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptAt, nextAttempt)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, message),
            CancellationToken.None);
        if (giveUp)
        {
            logger.LogError(error, "Mail {MailId} ({Kind}) failed after {Attempts} attempt(s) and is parked; an administrator can send it again", mail.Id, mail.Kind, mail.Attempts);
        }
        else
        {
            logger.LogWarning("Mail {MailId} ({Kind}) attempt {Attempts} failed, next at {NextAttempt:u}: {Error}", mail.Id, mail.Kind, mail.Attempts, nextAttempt, message);
        }
    }

    private Task ReleaseAsync(PortalDbContext db, OutboxMessage mail) =>
        Mine(db, mail.Id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null),
            CancellationToken.None);

    /// The mail while this instance's claim holds; a claim taken over after the lease ran out is not ours to change.
    private IQueryable<OutboxMessage> Mine(PortalDbContext db, long id) =>
        db.OutboxMessages.Where(m => m.Id == id && m.Status == OutboxStatus.Sending && m.ClaimedBy == InstanceId);

    private static string Describe(Exception error)
    {
        var text = error is PermanentMailFailureException ? error.Message : $"{error.GetType().Name}: {error.Message}";
        return text.Length <= OutboxMessageConfiguration.LastErrorLength ? text : text[..OutboxMessageConfiguration.LastErrorLength];
    }

    public MimeMessage ToMime(OutboxMessage mail)
    {
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Date = mail.CreatedAt,
            Subject = mail.Subject,
        };
        message.From.Add(new MailboxAddress(string.IsNullOrWhiteSpace(Options.FromName) ? sellerOptions.Value.Name : Options.FromName, Options.From));
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.To));
        // RFC 3834: an automatic mail; out-of-office replies should not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Portal-Mail", mail.Kind);
        if (mail.ListUnsubscribe is { } unsubscribe)
        {
            // RFC 2369 and RFC 8058: the mail client offers "Unsubscribe" and POSTs to the link without a visit.
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
        return message;
    }
}

/// Due mails found, and how many of them this instance claimed (others may have taken the rest).
public readonly record struct DispatchRound(int Due, int Claimed, bool BatchWasFull);

/// Runs this instance's dispatcher until the app stops.
public sealed class MailDispatcherService(MailDispatcher dispatcher, MailDispatchSignal signal, IOptions<MailOptions> options, TimeProvider time, IHostEnvironment environment, ILogger<MailDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Mail sender {Instance} delivers via {Transport}", dispatcher.InstanceId, dispatcher.Transport.Description);
        if (string.IsNullOrWhiteSpace(options.Value.PublicUrl) && !environment.IsDevelopment())
        {
            logger.LogWarning("Mail:PublicUrl is not set: links in mails use the address of the request that caused them. Set it to the portal's public address.");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var round = await dispatcher.DispatchDueAsync(stoppingToken);
                if (round.BatchWasFull)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be away for a moment; the mails wait in it, so just look again later.
                logger.LogError(e, "Mail sender could not read the outbox");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
