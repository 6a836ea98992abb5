using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Customers;

namespace Portal.Segmentation;

/// A customer's figures from the latest stored run: one row per customer. A run rewrites only the rows whose figures
/// changed; the others keep the stamp (RunId, AsOf, Mode, ComputedAt) of the run that last changed them and hold
/// for the latest completed run's as-of day and mode as well.
public class CustomerFigures
{
    public int CustomerId { get; set; }

    /// The run that last changed these figures (see above).
    public long RunId { get; set; }
    public DateOnly AsOf { get; set; }
    public SegmentationMode Mode { get; set; }
    public decimal Revenue { get; set; }
    public decimal? KnownPotential { get; set; }
    public decimal Potential { get; set; }
    public decimal Basis { get; set; }
    public decimal OrderCost { get; set; }
    public decimal LineCost { get; set; }
    public decimal EscalationCost { get; set; }
    public decimal CallCost { get; set; }
    public decimal VisitCost { get; set; }
    public decimal CostToServe { get; set; }
    public decimal Margin { get; set; }
    public decimal Contribution { get; set; }
    public int Orders { get; set; }
    public int PhoneOrders { get; set; }
    public int Lines { get; set; }
    public int Escalations { get; set; }
    public int Calls { get; set; }
    public int Visits { get; set; }
    public DateOnly? LastPurchase { get; set; }
    public decimal? MedianIntervalDays { get; set; }
    public Segment ComputedSegment { get; set; }

    /// The class the revenue alone would give; an A or B whose revenue class is C is developed.
    public Segment RevenueSegment { get; set; }

    /// The strategy in effect: from the override when there is one, else from the computed class.
    public Strategy Strategy { get; set; }
    public required string SegmentReason { get; set; }

    /// When the run that last changed these figures ran.
    public DateTimeOffset ComputedAt { get; set; }

    /// A hash of the figures above but the stamp and the strategy (which an override changes), written by the run:
    /// the next run compares its own figures with it instead of reading every stored figure back. 0 for rows
    /// written before it existed, which the next run then rewrites.
    public long Digest { get; set; }
}

/// A change of a customer's class or strategy, by a run or by staff.
public class CustomerSegmentChange
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public DateTimeOffset At { get; set; }
    public Segment? FromSegment { get; set; }
    public Segment ToSegment { get; set; }
    public Strategy? FromStrategy { get; set; }
    public Strategy? ToStrategy { get; set; }
    public required string Reason { get; set; }
    public long? RunId { get; set; }

    /// The staff member's name for an override; null for a run.
    public string? ChangedBy { get; set; }
}

/// Something the segmentation asks inside sales or the automation to do for a customer, with the reason.
public class SegmentationAction
{
    public long Id { get; set; }
    public int CustomerId { get; set; }
    public SegmentationActionKind Kind { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public SegmentationActionStatus Status { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public long? RunId { get; set; }
}

public enum SegmentationActionStatus
{
    Open = 0,
    Done = 1,
    Dismissed = 2,

    /// A later run found the reason gone (the customer ordered again, the contribution turned positive).
    Obsolete = 3,
}

/// One recomputation: queued by an admin, claimed by whichever instance's worker gets it first, with its progress
/// here so that any instance can show it. ActiveKey is set while queued or running and is unique, so at most one
/// run is active in the whole installation; NightlyKey is unique per day, so the nightly run happens once.
public class SegmentationRun
{
    public long Id { get; set; }
    public DateOnly AsOf { get; set; }
    public SegmentationMode Mode { get; set; }
    public SegmentationTrigger Trigger { get; set; }
    public SegmentationRunStatus Status { get; set; }
    public int Progress { get; set; }
    public string? Stage { get; set; }
    public string? RequestedBy { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? HeartbeatAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Customers { get; set; }
    public int SegmentA { get; set; }
    public int SegmentB { get; set; }
    public int SegmentC { get; set; }
    public int Changes { get; set; }
    public int ActionsCreated { get; set; }
    public string? Error { get; set; }
    public string? ActiveKey { get; set; }
    public string? NightlyKey { get; set; }
}

public enum SegmentationTrigger
{
    Manual = 0,
    Nightly = 1,
    CommandLine = 2,
}

public enum SegmentationRunStatus
{
    Queued = 0,
    Running = 1,
    Completed = 2,
    Failed = 3,
}

/// The admin-edited model settings, one row, as JSON.
public class SegmentationSettingsRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required string Json { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class CustomerFiguresConfiguration : IEntityTypeConfiguration<CustomerFigures>
{
    public void Configure(EntityTypeBuilder<CustomerFigures> builder)
    {
        builder.HasKey(f => f.CustomerId);
        builder.HasOne<Customer>().WithOne().HasForeignKey<CustomerFigures>(f => f.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // The only secondary index: lists filter by strategy. Classes are filtered on the customer (the class in
        // effect), and the segments list sorts by basis through its left join; indexes on those columns were never
        // used and cost every run's writes (100,000 rows on a first run).
        builder.HasIndex(f => f.Strategy);
        foreach (var amount in new[]
                 {
                     nameof(CustomerFigures.Revenue), nameof(CustomerFigures.KnownPotential), nameof(CustomerFigures.Potential), nameof(CustomerFigures.Basis),
                     nameof(CustomerFigures.OrderCost), nameof(CustomerFigures.LineCost), nameof(CustomerFigures.EscalationCost), nameof(CustomerFigures.CallCost),
                     nameof(CustomerFigures.VisitCost), nameof(CustomerFigures.CostToServe), nameof(CustomerFigures.Margin), nameof(CustomerFigures.Contribution),
                 })
        {
            builder.Property(amount).HasPrecision(18, 2);
        }

        builder.Property(f => f.MedianIntervalDays).HasPrecision(9, 1);
        builder.Property(f => f.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.ComputedSegment).HasConversion<string>().HasMaxLength(1);
        builder.Property(f => f.RevenueSegment).HasConversion<string>().HasMaxLength(1);
        builder.Property(f => f.Strategy).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.SegmentReason).HasMaxLength(300);
    }
}

internal sealed class CustomerSegmentChangeConfiguration : IEntityTypeConfiguration<CustomerSegmentChange>
{
    public void Configure(EntityTypeBuilder<CustomerSegmentChange> builder)
    {
        builder.HasIndex(c => new { c.CustomerId, c.At });
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.FromSegment).HasConversion<string>().HasMaxLength(1);
        builder.Property(c => c.ToSegment).HasConversion<string>().HasMaxLength(1);
        builder.Property(c => c.FromStrategy).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ToStrategy).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Reason).HasMaxLength(500);
        builder.Property(c => c.ChangedBy).HasMaxLength(200);
    }
}

internal sealed class SegmentationActionConfiguration : IEntityTypeConfiguration<SegmentationAction>
{
    public void Configure(EntityTypeBuilder<SegmentationAction> builder)
    {
        builder.HasIndex(a => new { a.CustomerId, a.Status });
        builder.HasIndex(a => new { a.Status, a.Kind });
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(1000);
        builder.Property(a => a.ResolvedBy).HasMaxLength(200);
    }
}

internal sealed class SegmentationRunConfiguration : IEntityTypeConfiguration<SegmentationRun>
{
    public void Configure(EntityTypeBuilder<SegmentationRun> builder)
    {
        builder.HasIndex(r => r.ActiveKey).IsUnique();
        builder.HasIndex(r => r.NightlyKey).IsUnique();
        builder.HasIndex(r => r.CreatedAt);
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Stage).HasMaxLength(100);
        builder.Property(r => r.RequestedBy).HasMaxLength(200);
        builder.Property(r => r.ClaimedBy).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ActiveKey).HasMaxLength(16);
        builder.Property(r => r.NightlyKey).HasMaxLength(16);
    }
}

internal sealed class SegmentationSettingsRecordConfiguration : IEntityTypeConfiguration<SegmentationSettingsRecord>
{
    public void Configure(EntityTypeBuilder<SegmentationSettingsRecord> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.UpdatedBy).HasMaxLength(200);
    }
}
