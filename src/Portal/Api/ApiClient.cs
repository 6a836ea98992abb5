using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Api;

/// A machine that calls /api/v1 (the wholesaler's ERP): its name, what it may do, and the hash of its key.
public class ApiClient
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// Granted scopes, space-separated (ApiScopes.All).
    public required string Scopes { get; set; }

    /// SHA-256 of the key, hex. The key itself is shown once and never stored (see ApiKeys).
    public required string KeyHash { get; set; }

    /// The key's first characters, so an admin can tell which key a system holds without the key.
    public required string KeyPrefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// Updated at most once a minute (ApiClients.MarkUsedAsync), not on every call.
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Scopes).HasMaxLength(200);
        builder.Property(c => c.KeyHash).HasMaxLength(64);
        builder.HasIndex(c => c.KeyHash).IsUnique();
        builder.Property(c => c.KeyPrefix).HasMaxLength(16);
        builder.Property(c => c.CreatedBy).HasMaxLength(200);
        builder.Ignore(c => c.ScopeList);
    }
}
