using Microsoft.AspNetCore.Identity;

namespace Portal.Identity;

/// Creates staff users (inside sales, product managers, admins); used by the admin page and the create-user verb.
public sealed class StaffAccounts(UserManager<PortalUser> users, TimeProvider time)
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
        return created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
    }
}
