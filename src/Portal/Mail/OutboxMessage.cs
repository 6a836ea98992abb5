using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Mail;

/// A rendered mail waiting to go out, written in the same transaction as the change that caused it.
public class OutboxMessage
{
    public long Id { get; set; }

    /// Which mail this is (PasswordReset, Invitation, …), for the admin list and the logs.
    public required string Kind { get; set; }

    public required string To { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string HtmlBody { get; set; }
    public required string TextBody { get; set; }

    /// Fixed when the mail is written, so a send repeated after a crash carries the same Message-ID and the
    /// recipient's mail system can recognise the duplicate.
    public required string MessageId { get; set; }

    /// Optional business key ("order-confirmation:2026-000123"): unique, so a job that runs twice cannot write the same mail twice.
    public string? DedupeKey { get; set; }

    /// Campaign and journey mail only: the one-click unsubscribe address sent as List-Unsubscribe (RFC 8058).
    public string? ListUnsubscribe { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    /// Attempts started so far; counted when a sender claims the mail.
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// The sender that claimed the mail last, and until when its claim holds.
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public const int LastErrorLength = 2000;

    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.Kind).HasMaxLength(40);
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(400);
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.Property(m => m.DedupeKey).HasMaxLength(200);
        builder.Property(m => m.ListUnsubscribe).HasMaxLength(500);
        builder.Property(m => m.ClaimedBy).HasMaxLength(120);
        builder.Property(m => m.LastError).HasMaxLength(LastErrorLength);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        // The sender looks for due mails by status and time; the admin page lists by status and age.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Status, m.CreatedAt });
        builder.HasIndex(m => m.DedupeKey).IsUnique();
        builder.HasIndex(m => m.MessageId).IsUnique();
    }
}
