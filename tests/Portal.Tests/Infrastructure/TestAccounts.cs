using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Customers;
using Portal.Data;
using Portal.Identity;

namespace Portal.Tests.Infrastructure;

/// The one builder of test companies and their users.
public static class TestAccounts
{
    public static Task<int> CustomerIdAsync(this PortalFactory portal, string number) =>
        portal.WithDbAsync(db => db.Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());

    /// A customer company of the test's own, so tests do not share users, carts, receivables or order history:
    /// a small (C) customer unless the test says otherwise, with a default delivery address in Freiburg when
    /// deliveryTo names its recipient (placing an order needs one).
    public static async Task<int> CreateCustomerAsync(this PortalFactory portal, string number, string name, Segment segment = Segment.C, decimal creditLimit = 0m, string? deliveryTo = null)
    {
        return await portal.WithDbAsync(async db =>
        {
            var customer = new Customer { Number = number, Name = name, Segment = segment, CreditLimit = creditLimit };
            if (deliveryTo is not null)
            {
                customer.Addresses.Add(new CustomerAddress { Kind = AddressKind.Delivery, Name = deliveryTo, Street = "Teststraße 1", PostalCode = "79098", City = "Freiburg", IsDefault = true });
            }

            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            return customer.Id;
        });
    }

    /// A user of the test's own: a customer's buyer, or staff with customerId null and a staff role.
    public static async Task<PortalUser> CreateUserAsync(this PortalFactory portal, string email, int? customerId, string role = Roles.Customer, string language = "en", string? displayName = null, bool active = true)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email, CustomerId = customerId, Language = language, IsActive = active };
        var result = await users.CreateAsync(user, DemoSeeder.Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public static async Task WithScopeAsync<TService>(this PortalFactory portal, Func<TService, Task> action)
        where TService : notnull
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)] + "@test.example";
}
