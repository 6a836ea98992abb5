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
    public Task<PortalUser> CreateBuyerAsync(string email, int customerId, bool active = true) => this.CreateUserAsync(email, customerId, active: active);
}
