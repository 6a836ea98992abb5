using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// One demo-seeded portal on a SQLite file, shared by the tests of a class (seeding takes a moment).
public sealed class DemoPortal() : PortalFactory(DatabaseKind.Sqlite, seedDemo: true)
{
    public const string Password = DemoSeeder.Password;
    public const string Buyer = "buyer@kunz.example";
    public const string BuyerAdmin = "admin@kunz.example";
    public const string OtherBuyer = "buyer@albrecht.example";
    public const string Sales = "sales@portal.example";
    public const string ProductManager = "pm@portal.example";
    public const string Admin = "admin@portal.example";

    /// A user of its own, for tests that change a user (lockout, deactivation) without touching the demo accounts.
    public async Task<PortalUser> CreateBuyerAsync(string email, int customerId, bool active = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, DisplayName = email, CustomerId = customerId, IsActive = active };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, Roles.Customer);
        return user;
    }
}
