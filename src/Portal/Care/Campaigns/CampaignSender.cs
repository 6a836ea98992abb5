using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Mail;

namespace Portal.Care.Campaigns;

public sealed class CampaignOptions
{
    public const string SectionName = "Care:Campaigns";

    public bool Enabled { get; set; } = true;

    /// How often each instance looks for due campaigns and batches.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// Mails put into the outbox per batch, per campaign.
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// The time between two batches of one campaign, across all instances: BatchSize / BatchInterval is the rate.
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// Sends due campaigns on every instance without sending anything twice:
/// - starting a campaign is one conditional UPDATE (Scheduled → Sending) in the transaction that writes its recipients,
///   so exactly one instance fixes the audience;
/// - each batch is claimed by moving the campaign's NextBatchAt forward with a conditional UPDATE, which also holds the
///   rate across instances;
/// - each mail goes through Outbox.EnqueueMarketingOnceAsync under the recipient's dedupe key: an unsubscribed contact
///   gets nothing (Skipped), and a recipient enqueued twice (a batch repeated after a crash, or overlapping a slow
///   one) is stored once by the outbox's unique key.
public sealed class CampaignSender(PortalDbContext db, CampaignDesk desk, CareMailComposer composer, Outbox outbox, MailLinks links, IOptions<CampaignOptions> options, TimeProvider time, ILogger<CampaignSender> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Scheduled && c.SendAt <= now).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await StartAsync(id, cancellationToken);
        }

        var sending = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Sending && c.NextBatchAt <= now).Select(c => c.Id).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var id in sending)
        {
            queued += await SendBatchAsync(id, cancellationToken);
        }

        return queued;
    }

    private async Task StartAsync(long id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        var claimed = await db.Campaigns.Where(c => c.Id == id && c.Status == CampaignStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Sending).SetProperty(c => c.StartedAt, now).SetProperty(c => c.NextBatchAt, now), cancellationToken);
        if (claimed != 1)
        {
            return;
        }

        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        var contacts = await desk.Contacts(CampaignDesk.AudienceOf(campaign)).AsNoTracking()
            .OrderBy(u => u.CustomerId).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, CustomerId = u.CustomerId!.Value })
            .ToListAsync(cancellationToken);
        foreach (var contact in contacts)
        {
            db.CampaignRecipients.Add(new CampaignRecipient
            {
                CampaignId = id,
                CustomerId = contact.CustomerId,
                UserId = contact.Id,
                Email = contact.Email!,
                Token = NewToken(),
                MailKey = $"campaign-{id}-{contact.Id}",
                Status = CampaignRecipientStatus.Pending,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.Campaigns.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RecipientCount, contacts.Count), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Campaign {Id}: sending to {Count} contacts", id, contacts.Count);
    }

    private async Task<int> SendBatchAsync(long id, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var next = now + settings.BatchInterval;
        if (await db.Campaigns.Where(c => c.Id == id && c.Status == CampaignStatus.Sending && c.NextBatchAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextBatchAt, next), cancellationToken) != 1)
        {
            return 0;
        }

        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        var batch = await db.CampaignRecipients.AsNoTracking()
            .Where(r => r.CampaignId == id && r.Status == CampaignRecipientStatus.Pending)
            .OrderBy(r => r.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        var userIds = batch.Select(r => r.UserId).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.DisplayName, u.Language }, cancellationToken);
        var articles = CampaignDesk.ArticlesOf(campaign);
        var queued = 0;
        foreach (var recipient in batch)
        {
            var user = users.GetValueOrDefault(recipient.UserId);
            var name = user?.DisplayName ?? recipient.Email;
            var language = user?.Language ?? "de";
            var mail = await composer.ComposeAsync(CampaignDesk.MailKind, campaign.Template, new CareRecipient(recipient.CustomerId, name, language), articles,
                path => links.To($"/c/{recipient.Token}", new Dictionary<string, string?> { ["to"] = path }), cancellationToken);
            var status = await outbox.EnqueueMarketingOnceAsync(mail, recipient.Email, name, language, recipient.MailKey, cancellationToken)
                || await db.OutboxMessages.AnyAsync(m => m.DedupeKey == recipient.MailKey, cancellationToken)
                ? CampaignRecipientStatus.Queued
                : CampaignRecipientStatus.Skipped;
            var processedAt = time.GetUtcNow();
            await db.CampaignRecipients.Where(r => r.Id == recipient.Id && r.Status == CampaignRecipientStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.ProcessedAt, processedAt), cancellationToken);
            queued += status == CampaignRecipientStatus.Queued ? 1 : 0;
        }

        if (!await db.CampaignRecipients.AnyAsync(r => r.CampaignId == id && r.Status == CampaignRecipientStatus.Pending, cancellationToken))
        {
            var done = time.GetUtcNow();
            await db.Campaigns.Where(c => c.Id == id && c.Status == CampaignStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CampaignStatus.Sent).SetProperty(c => c.CompletedAt, done), cancellationToken);
        }

        return queued;
    }

    internal static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
}

/// Runs the sender on this instance every PollInterval. A repeated round is harmless (see CampaignSender).
public sealed class CampaignSenderService(IServiceScopeFactory scopes, IOptions<CampaignOptions> options, TimeProvider time, ILogger<CampaignSenderService> logger)
    : RecurringWorker(scopes, time, logger)
{
    protected override TimeSpan Interval => options.Value.PollInterval;
    protected override bool Enabled => options.Value.Enabled;

    protected override Task RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CampaignSender>().RunOnceAsync(cancellationToken);
}

/// The links in campaign mails: /c/{token}?to=/shop/… records a click (campaign, contact, time) and redirects into
/// the shop, which asks for a sign-in as always. No tracking pixels: only a click counts.
public sealed class CampaignClicks(PortalDbContext db, TimeProvider time)
{
    public async Task<bool> RecordAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return false;
        }

        var recipient = await db.CampaignRecipients.AsNoTracking().Where(r => r.Token == token)
            .Select(r => new { r.Id, r.CampaignId, r.CustomerId, r.UserId }).FirstOrDefaultAsync(cancellationToken);
        if (recipient is null)
        {
            return false;
        }

        db.CampaignClicks.Add(new CampaignClick { CampaignId = recipient.CampaignId, RecipientId = recipient.Id, CustomerId = recipient.CustomerId, UserId = recipient.UserId, At = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// Only into the shop: the link's target is part of a URL anyone can change, so never a redirect elsewhere.
    public static string Target(string? to) =>
        to is not null && to.StartsWith("/shop/", StringComparison.Ordinal) && !to.Contains("//", StringComparison.Ordinal) && !to.Contains('\\', StringComparison.Ordinal)
            ? to
            : CareMailComposer.ShopPath;
}

public static class CampaignExtensions
{
    public static IHostApplicationBuilder AddPortalCampaigns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Care:Campaigns:PollInterval must be positive.")
            .Validate(o => o.BatchInterval >= TimeSpan.Zero, "Care:Campaigns:BatchInterval must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<CampaignDesk>();
        builder.Services.AddScoped<CampaignSender>();
        builder.Services.AddScoped<CampaignClicks>();
        builder.Services.AddHostedService<CampaignSenderService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCampaignLinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/c/{token}", async (string token, string? to, CampaignClicks clicks, CancellationToken cancellationToken) =>
            await clicks.RecordAsync(token, cancellationToken) ? Results.Redirect(CampaignClicks.Target(to)) : Results.NotFound());
        return endpoints;
    }
}
