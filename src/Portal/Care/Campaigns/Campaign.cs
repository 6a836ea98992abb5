using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;
using Portal.Segmentation;

namespace Portal.Care.Campaigns;

/// One mail to an audience of customers' contacts, sent at SendAt (business time on the page) through the outbox in
/// batches. The audience is fixed into CampaignRecipients when sending starts.
public class Campaign
{
    public long Id { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? SubjectDe { get; set; }
    public string? BodyDe { get; set; }

    /// The product block's pack sizes, as ids separated by commas in the order chosen; empty for none.
    public string PackSizeIds { get; set; } = "";

    // The audience; null: any.
    public Segment? Segment { get; set; }
    public Strategy? Strategy { get; set; }
    public string? RepId { get; set; }
    public DateOnly? NotOrderedSince { get; set; }

    public CampaignStatus Status { get; set; }
    public DateTimeOffset SendAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// The next batch may start from then on: whichever instance moves it forward first sends that batch, so the rate
    /// holds across instances.
    public DateTimeOffset NextBatchAt { get; set; }
    public int RecipientCount { get; set; }

    public CareTemplate Template => new(Subject, Body, SubjectDe, BodyDe);

    public IReadOnlyList<int> PackSizes() =>
        PackSizeIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

public enum CampaignStatus
{
    Scheduled = 0,
    Sending = 1,
    Sent = 2,
}

/// A contact the campaign was for, with the token its links carry.
public class CampaignRecipient
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public int CustomerId { get; set; }
    public required string UserId { get; set; }
    public required string Email { get; set; }

    /// Random, in the mail's links (/c/{token}): tells the click's campaign and contact, nothing else.
    public required string Token { get; set; }

    /// The outbox dedupe key of this contact's mail: the outbox sends it once, whoever enqueues it.
    public required string MailKey { get; set; }
    public CampaignRecipientStatus Status { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
}

public enum CampaignRecipientStatus
{
    Pending = 0,

    /// In the outbox (sent once the outbox has delivered it).
    Queued = 1,

    /// Unsubscribed from campaign and care mail: nothing sent.
    Skipped = 2,
}

/// A click on a link of a campaign mail.
public class CampaignClick
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long RecipientId { get; set; }
    public int CustomerId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.Property(c => c.Subject).HasMaxLength(200);
        builder.Property(c => c.SubjectDe).HasMaxLength(200);
        builder.Property(c => c.Body).HasMaxLength(8000);
        builder.Property(c => c.BodyDe).HasMaxLength(8000);
        builder.Property(c => c.PackSizeIds).HasMaxLength(400);
        builder.Property(c => c.Segment).HasConversion<string>().HasMaxLength(1);
        builder.Property(c => c.Strategy).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.RepId).HasMaxLength(450);
        builder.Property(c => c.CreatedBy).HasMaxLength(200);
        builder.HasIndex(c => new { c.Status, c.SendAt });
    }
}

internal sealed class CampaignRecipientConfiguration : IEntityTypeConfiguration<CampaignRecipient>
{
    public void Configure(EntityTypeBuilder<CampaignRecipient> builder)
    {
        builder.ToTable("CampaignRecipients");
        builder.Property(r => r.Email).HasMaxLength(320);
        builder.Property(r => r.Token).HasMaxLength(64);
        builder.Property(r => r.MailKey).HasMaxLength(200);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.CampaignId, r.UserId }).IsUnique();
        builder.HasIndex(r => new { r.CampaignId, r.Status });
        builder.HasIndex(r => r.Token).IsUnique();
        builder.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CampaignClickConfiguration : IEntityTypeConfiguration<CampaignClick>
{
    public void Configure(EntityTypeBuilder<CampaignClick> builder)
    {
        builder.ToTable("CampaignClicks");
        builder.HasIndex(c => new { c.CustomerId, c.At });
        builder.HasIndex(c => c.CampaignId);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CampaignRecipient>().WithMany().HasForeignKey(c => c.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// The English names shown for campaign states (and the keys of their translations).
public static class CampaignText
{
    public static string StatusName(CampaignStatus status) => status switch
    {
        CampaignStatus.Scheduled => "Scheduled",
        CampaignStatus.Sending => "Sending",
        _ => "Sent",
    };

    public static string StatusName(CampaignRecipientStatus status) => status switch
    {
        CampaignRecipientStatus.Pending => "Waiting",
        CampaignRecipientStatus.Queued => "In the outbox",
        _ => "Unsubscribed",
    };
}
