using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Identity;

/// One signed-in browser. The sign-in cookie carries the session's id; the row is what makes the cookie worth
/// anything, so signing out (here or everywhere) deletes rows and every instance refuses the cookie at once.
public sealed class UserSession
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// Brought forward at most once an hour, so that sessions nobody uses any more can be cleared.
    public DateTimeOffset LastSeenAt { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.UserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// Starts, checks and ends sessions. A cookie is accepted only while its session row exists, its user is active, and
/// the user's security stamp and roles are still those the cookie was issued with; so deactivating, a new password
/// and a role change end every session of that user on every instance. The answer is cached per instance for
/// Accounts:SessionCheckInterval (default 2 s), which bounds how long a revoked cookie still works.
public sealed class UserSessions(PortalDbContext db, IMemoryCache cache, TimeProvider time, IOptions<AccountOptions> options, IOptions<IdentityOptions> identity)
{
    public const string ClaimType = "portal:session";

    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromHours(1);

    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        // Sessions idle for longer than a cookie lives can never be used again.
        var idleSince = now - options.Value.SessionLifetime;
        await db.UserSessions.Where(s => s.UserId == userId && s.LastSeenAt < idleSince).ExecuteDeleteAsync(cancellationToken);
        db.UserSessions.Add(new UserSession { Id = id, UserId = userId, CreatedAt = now, LastSeenAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    public async Task EndAsync(string sessionId, CancellationToken cancellationToken)
    {
        cache.Remove(CacheKey(sessionId));
        await db.UserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken);
    }

    /// "Sign out everywhere": every browser of this user has to sign in again.
    public async Task<int> EndAllAsync(string userId, CancellationToken cancellationToken)
    {
        // This instance forgets them at once; the others within SessionCheckInterval.
        foreach (var id in await db.UserSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(cancellationToken))
        {
            cache.Remove(CacheKey(id));
        }

        return await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> IsValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var sessionId = principal.FindFirstValue(ClaimType);
        var userId = principal.FindFirstValue(identity.Value.ClaimsIdentity.UserIdClaimType);
        if (sessionId is null || userId is null)
        {
            return false;
        }

        var key = CacheKey(sessionId);
        if (cache.TryGetValue(key, out _))
        {
            return true;
        }

        var session = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => new { s.LastSeenAt })
            .SingleOrDefaultAsync(cancellationToken);
        var user = session is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.IsActive,
                u.SecurityStamp,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var issuedRoles = principal.FindAll(identity.Value.ClaimsIdentity.RoleClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        var valid = user is not null
            && user.IsActive
            && user.SecurityStamp == principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType)
            && issuedRoles.SequenceEqual(user.Roles.OfType<string>().Order(StringComparer.Ordinal), StringComparer.Ordinal);
        if (!valid)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now - session!.LastSeenAt > LastSeenResolution)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken);
        }

        cache.Set(key, true, options.Value.SessionCheckInterval);
        return true;
    }

    /// The cookie handler's check on every request. A refused cookie is dropped, so the request goes on anonymous:
    /// a page redirects to the sign-in page, an htmx request gets a 401 that reloads the page (see the cookie events).
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        if (!await sessions.IsValidAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static string CacheKey(string sessionId) => "session:" + sessionId;
}
