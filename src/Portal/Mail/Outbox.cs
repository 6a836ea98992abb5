using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit.Utils;
using Portal.Data;

namespace Portal.Mail;

/// Writes mails into the outbox. Enqueue only adds to the caller's PortalDbContext: the mail is stored by the
/// caller's SaveChanges, in the same transaction as the change that causes it, or not at all.
public sealed class Outbox(PortalDbContext db, MailRenderer renderer, TimeProvider time, MailDispatchSignal signal, IOptions<MailOptions> options, MailConsents consents, MailLinks links)
{
    private bool wakeOnSave;

    public Task<OutboxMessage> EnqueueAsync(MailTemplate mail, string to, string? toName, string? language, string? dedupeKey = null) =>
        EnqueueAsync(mail, to, toName, language, dedupeKey, listUnsubscribe: null);

    /// Campaign and journey mail: nothing for an address that unsubscribed (null then); otherwise the mail carries
    /// the one-click unsubscribe headers (RFC 8058) and a footer link with the address's token.
    public async Task<OutboxMessage?> EnqueueMarketingAsync(MailTemplate mail, string to, string? toName, string? language, string? dedupeKey, CancellationToken cancellationToken)
    {
        if (await consents.IsUnsubscribedAsync(to, cancellationToken))
        {
            return null;
        }

        var token = await consents.TokenForAsync(to, cancellationToken);
        var link = links.To($"/unsubscribe/{Uri.EscapeDataString(token)}", new Dictionary<string, string?>());
        return await EnqueueAsync(mail with { UnsubscribeLink = link }, to, toName, language, dedupeKey, link.AbsoluteUri);
    }

    private async Task<OutboxMessage> EnqueueAsync(MailTemplate mail, string to, string? toName, string? language, string? dedupeKey, string? listUnsubscribe)
    {
        var rendered = await renderer.RenderAsync(mail, language);
        var now = time.GetUtcNow();
        var message = new OutboxMessage
        {
            Kind = mail.Kind,
            To = to.Trim(),
            ToName = string.IsNullOrWhiteSpace(toName) ? null : toName.Trim(),
            Subject = rendered.Subject,
            HtmlBody = rendered.HtmlBody,
            TextBody = rendered.TextBody,
            MessageId = MimeUtils.GenerateMessageId(DomainOf(options.Value.From)),
            DedupeKey = dedupeKey,
            ListUnsubscribe = listUnsubscribe,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.OutboxMessages.Add(message);

        if (!wakeOnSave)
        {
            // Wakes this instance's sender once the mail is saved instead of at its next poll. Inside an explicit
            // transaction the mail is not visible yet at that moment; the next poll finds it then.
            db.SavedChanges += (_, _) => signal.Notify();
            wakeOnSave = true;
        }

        return message;
    }

    /// For a job whose mail is the whole change (a reminder, a summary): enqueues and saves it at once. False when
    /// the dedupe key is already taken, by another instance a moment ago or by an earlier round: nothing is saved then.
    public async Task<bool> EnqueueOnceAsync(MailTemplate mail, string to, string? toName, string? language, string dedupeKey, CancellationToken cancellationToken) =>
        await SaveOnceAsync(await EnqueueAsync(mail, to, toName, language, dedupeKey), cancellationToken);

    /// EnqueueOnceAsync for campaign and journey mail; false also when the address unsubscribed.
    public async Task<bool> EnqueueMarketingOnceAsync(MailTemplate mail, string to, string? toName, string? language, string dedupeKey, CancellationToken cancellationToken) =>
        await EnqueueMarketingAsync(mail, to, toName, language, dedupeKey, cancellationToken) is { } message && await SaveOnceAsync(message, cancellationToken);

    private async Task<bool> SaveOnceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique key kept it single.
            db.Entry(message).State = EntityState.Detached;
            return false;
        }
    }

    /// Back to pending with a fresh set of attempts (an admin's "Send again"). Only a failed mail qualifies, so a
    /// double click cannot send twice; false when it is no longer failed.
    public async Task<bool> SendAgainAsync(long id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, OutboxStatus.Pending)
                    .SetProperty(m => m.Attempts, 0)
                    .SetProperty(m => m.NextAttemptAt, now)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null),
                cancellationToken);
        if (changed > 0)
        {
            signal.Notify();
        }

        return changed > 0;
    }

    private static string DomainOf(string address) =>
        address.LastIndexOf('@') is var at and >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "portal.local";
}

/// Lets the outbox wake the sender of this instance right after a mail was saved.
public sealed class MailDispatchSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers any number of new mails.
        }
    }

    public void Dispose() => signal.Dispose();

    /// Returns when notified or after the interval (measured by the given clock), whichever comes first.
    public async Task WaitAsync(TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval passed without a signal: time to look anyway.
        }
    }
}

/// Exponential backoff: the base delay after the first failure, doubling with each further one, capped.
public static class RetrySchedule
{
    public static TimeSpan DelayAfter(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (failedAttempts < 1)
        {
            return TimeSpan.Zero;
        }

        // Beyond 2^30 any sensible base delay is past the cap; stop before the arithmetic overflows.
        var exponent = Math.Min(failedAttempts - 1, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
