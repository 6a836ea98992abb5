using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.ProductManagement;

namespace Portal.Identity;

public enum StaffChange
{
    Done,
    NotFound,

    /// An admin cannot switch off their own account: nobody might be left to switch it back on.
    Self,

    /// The account is deactivated: it gets no reset link (reactivate it first).
    Inactive,
}

/// Staff users (inside sales, product managers, admins): created on the admin page or with the create-user verb,
/// switched off and on, sent a reset link, signed out everywhere. Each action on an account is in the audit trail.
public sealed class StaffAccounts(UserManager<PortalUser> users, PortalDbContext db, UserSessions sessions, PasswordResets resets, AuditTrail audit, TimeProvider time)
{
    public async Task<IdentityResult> CreateAsync(string email, string? displayName, string role, string password)
    {
        if (!Roles.Staff.Contains(role))
        {
            return IdentityResult.Failed(new IdentityError { Code = "InvalidRole", Description = $"'{role}' is not a staff role ({string.Join(", ", Roles.Staff)})." });
        }

        var address = email.Trim();
        var user = new PortalUser
        {
            UserName = address,
            Email = address,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? address : displayName.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password);
        created = created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
        if (created.Succeeded)
        {
            audit.Record(AuditItemTypes.StaffUser, user.Id, address, AuditAction.Created, [new FieldChange("Role", null, Roles.DisplayName(role))]);
            await audit.SaveChangesAsync(CancellationToken.None);
        }

        return created;
    }

    /// Deactivating ends every session of the account at once (see UserSessions); reactivating lets it sign in again.
    public async Task<StaffChange> SetActiveAsync(string userId, bool active, string? actingUserId, CancellationToken cancellationToken)
    {
        var user = await Staff().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return StaffChange.NotFound;
        }

        if (user.Id == actingUserId && !active)
        {
            return StaffChange.Self;
        }

        if (user.IsActive == active)
        {
            return StaffChange.Done;
        }

        user.IsActive = active;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Record(AuditItemTypes.StaffUser, user.Id, user.Email ?? user.UserName ?? user.Id, active ? AuditAction.Reactivated : AuditAction.Deactivated, []);
        await audit.SaveChangesAsync(cancellationToken);
        if (!active)
        {
            await sessions.EndAllAsync(user.Id, cancellationToken);
        }

        return StaffChange.Done;
    }

    public async Task<StaffChange> SendPasswordResetAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await Staff().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return StaffChange.NotFound;
        }

        audit.Record(AuditItemTypes.StaffUser, user.Id, user.Email ?? user.Id, AuditAction.PasswordReset, []);
        return await resets.SendAsync(user, cancellationToken) ? StaffChange.Done : StaffChange.Inactive;
    }

    public async Task<StaffChange> SignOutEverywhereAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await Staff().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return StaffChange.NotFound;
        }

        await sessions.EndAllAsync(user.Id, cancellationToken);
        audit.Record(AuditItemTypes.StaffUser, user.Id, user.Email ?? user.Id, AuditAction.SignedOut, []);
        await audit.SaveChangesAsync(cancellationToken);
        return StaffChange.Done;
    }

    private IQueryable<PortalUser> Staff() => db.Users.Where(u => u.CustomerId == null);
}
