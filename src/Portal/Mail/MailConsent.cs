using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;

namespace Portal.Mail;

/// Whether an address takes campaign and journey mail, and the token its unsubscribe link carries. Kept per
/// address, not per user: journeys also write to contacts without a portal account. Transactional mail (orders,
/// password resets, invitations) never asks.
public class MailConsent
{
    public int Id { get; set; }

    /// Lower-case, trimmed.
    public required string Email { get; set; }

    /// Random, 256 bits: the unsubscribe link's only authority, so it must not be guessable from the address.
    public required string Token { get; set; }

    public DateTimeOffset? UnsubscribedAt { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class MailConsentConfiguration : IEntityTypeConfiguration<MailConsent>
{
    public void Configure(EntityTypeBuilder<MailConsent> builder)
    {
        builder.ToTable("MailConsents");
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.Property(c => c.Token).HasMaxLength(64);
        builder.HasIndex(c => c.Email).IsUnique();
        builder.HasIndex(c => c.Token).IsUnique();
    }
}

/// Reads and changes the marketing consent of addresses. The one-click unsubscribe, the buyer's account page and the
/// 360° all go through here.
public sealed class MailConsents(PortalDbContext db, IServiceScopeFactory scopes, TimeProvider time)
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public async Task<bool> IsUnsubscribedAsync(string email, CancellationToken cancellationToken = default)
    {
        var key = Normalize(email);
        return await db.MailConsents.AnyAsync(c => c.Email == key && c.UnsubscribedAt != null, cancellationToken);
    }

    /// The unsubscribed among the given addresses (normalised), for filtering an audience in one query.
    public async Task<HashSet<string>> UnsubscribedAmongAsync(IEnumerable<string> emails, CancellationToken cancellationToken = default)
    {
        var keys = emails.Select(Normalize).Distinct().ToList();
        var found = await db.MailConsents.AsNoTracking().Where(c => keys.Contains(c.Email) && c.UnsubscribedAt != null).Select(c => c.Email).ToListAsync(cancellationToken);
        return found.ToHashSet();
    }

    /// The address's token, made on first use. Saved at once in a context of its own, so it never rides along with
    /// (or fails) the caller's unit of work; two instances making it at once meet at the unique index and both read the winner's.
    public async Task<string> TokenForAsync(string email, CancellationToken cancellationToken = default)
    {
        var key = Normalize(email);
        var existing = await db.MailConsents.AsNoTracking().Where(c => c.Email == key).Select(c => c.Token).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        own.MailConsents.Add(new MailConsent { Email = key, Token = NewToken(), ChangedAt = time.GetUtcNow() });
        try
        {
            await own.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another caller made it a moment ago.
        }

        return await db.MailConsents.AsNoTracking().Where(c => c.Email == key).Select(c => c.Token).SingleAsync(cancellationToken);
    }

    /// The address behind a token, or null for a token nobody was given.
    public async Task<(string Email, bool Unsubscribed)?> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 64)
        {
            return null;
        }

        var found = await db.MailConsents.AsNoTracking().Where(c => c.Token == token).Select(c => new { c.Email, c.UnsubscribedAt }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Email, found.UnsubscribedAt != null);
    }

    /// RFC 8058 one-click: the token alone decides. False for an unknown token; repeating it changes nothing.
    public async Task<bool> UnsubscribeByTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(token, cancellationToken) is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await db.MailConsents.Where(c => c.Token == token && c.UnsubscribedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnsubscribedAt, now).SetProperty(c => c.ChangedAt, now), cancellationToken);
        return true;
    }

    /// The address's owner (signed in) or staff changing the preference.
    public async Task SetAsync(string email, bool subscribed, CancellationToken cancellationToken = default)
    {
        var key = Normalize(email);
        await TokenForAsync(key, cancellationToken);
        var now = time.GetUtcNow();
        DateTimeOffset? unsubscribedAt = subscribed ? null : now;
        await db.MailConsents.Where(c => c.Email == key && (subscribed ? c.UnsubscribedAt != null : c.UnsubscribedAt == null))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnsubscribedAt, unsubscribedAt).SetProperty(c => c.ChangedAt, now), cancellationToken);
    }

    private static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
