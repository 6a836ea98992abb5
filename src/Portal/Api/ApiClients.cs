using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Api;

public sealed record CreatedApiClient(ApiClient Client, string Key);

/// Creating and revoking API clients (admin page and command line), and finding the client of a key.
public sealed class ApiClients(PortalDbContext db, AuditTrail audit, TimeProvider time)
{
    public const int NameLength = 100;

    /// The key is returned once, here; callers check the name and the scopes first (ApiClientInput).
    public async Task<CreatedApiClient> CreateAsync(string name, IReadOnlyList<string> scopes, string createdBy, CancellationToken cancellationToken)
    {
        var key = ApiKeys.NewKey();
        var client = new ApiClient
        {
            Name = name.Trim(),
            Scopes = string.Join(' ', ApiScopes.All.Where(scopes.Contains)),
            KeyHash = ApiKeys.Hash(key),
            KeyPrefix = ApiKeys.Visible(key),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
        };
        db.ApiClients.Add(client);
        audit.RecordChanges(client, AuditItemTypes.ApiClient, client.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return new CreatedApiClient(client, key);
    }

    /// False when there is no such client or it was revoked already.
    public async Task<bool> RevokeAsync(int id, CancellationToken cancellationToken)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (client is null || client.RevokedAt is not null)
        {
            return false;
        }

        client.RevokedAt = time.GetUtcNow();
        audit.RecordChanges(client, AuditItemTypes.ApiClient, client.Name);
        await audit.SaveChangesAsync(cancellationToken);
        return true;
    }
}

/// Finding the client of a key on each call. Apart from ApiClients on purpose: the authentication handler runs before
/// the caller is known, and ApiClients' audit trail must be made after that, so it records the client's name.
public sealed class ApiKeyStore(PortalDbContext db, TimeProvider time)
{
    /// The active client holding this key, or null (unknown or revoked).
    public Task<ApiClient?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeys.Hash(key);
        return db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, cancellationToken);
    }

    /// "Last used" to the minute: a write per minute and client, not one per call.
    public Task MarkUsedAsync(int id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var stale = now.AddMinutes(-1);
        return db.ApiClients.Where(c => c.Id == id && (c.LastUsedAt == null || c.LastUsedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), cancellationToken);
    }
}
