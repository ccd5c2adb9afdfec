using System.Text.Json;
using AIoT.Ecosystem.Catalog.Validation;
using AIoT.Ecosystem.Devices;
using AIoT.Gateway.Provisioning;
using Orleans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AIoT.Host.Web;

/// <summary>Provisioning and twin access over HTTP: /api/devices. `aiot devices ...` is a client of these routes.</summary>
internal static class DevicesApi
{
    public static void Map(WebApplication app, DeviceProvisioner provisioner, IGrainFactory grains, MqttConnectionInfo mqtt)
    {
        var devices = app.MapGroup("/api/devices");
        devices.MapGet("/", async (string? after, int? limit) => await Guard(async () =>
        {
            if (limit is < 1 or > DeviceProvisioner.MaxPageSize)
            {
                throw new ProvisioningException(ProvisioningError.Invalid, $"limit: a page holds 1 to {DeviceProvisioner.MaxPageSize} devices (got {limit}).");
            }

            var page = await provisioner.ListAsync(after, limit ?? DeviceProvisioner.MaxPageSize);
            return Results.Ok(new DeviceListPage(page.Devices, page.Next, await provisioner.CountAsync()));
        }));

        devices.MapGet("/count", async () => Results.Ok(new { count = await provisioner.CountAsync() }));

        devices.MapPost("/", async (RegisterDeviceRequest request) => await Guard(async () =>
        {
            var result = await provisioner.AddAsync(request.ToProvisionRequest());
            return Results.Created($"/api/devices/{result.Device.DeviceId}", Credentials(result.Device, result.Secret, mqtt, result.HouseholdCreated));
        }));

        devices.MapPost("/bulk", async (BulkRegisterRequest request) => await Guard(async () =>
        {
            if (request.Devices is not { Count: > 0 and <= MaxBulk } list)
            {
                throw new ProvisioningException(ProvisioningError.Invalid, $"devices: a bulk registration holds 1 to {MaxBulk} devices (got {request.Devices?.Count ?? 0}); split larger fleets into several requests.");
            }

            var results = await provisioner.AddManyAsync([.. list.Select(r => r.ToProvisionRequest())]);
            return new BulkCredentialsResult(results, mqtt);
        }));

        devices.MapGet("/{id}", async (string id) => await Guard(async () =>
            await provisioner.FindAsync(id) is { } device ? Results.Ok(device) : NotFound(id)));

        devices.MapDelete("/{id}", async (string id) => await Guard(async () =>
        {
            await provisioner.RemoveAsync(id);
            return Results.NoContent();
        }));

        devices.MapPost("/{id}/secret", async (string id) => await Guard(async () =>
        {
            var secret = await provisioner.RenewSecretAsync(id);
            var device = (await provisioner.FindAsync(id))!;
            return Results.Ok(Credentials(device, secret, mqtt, householdCreated: false));
        }));

        devices.MapGet("/{id}/twin", async (string id) => await Guard(async () =>
            Results.Ok(await grains.GetGrain<IDeviceGrain>(id).GetTwin())));

        devices.MapPost("/{id}/properties", async (string id, Dictionary<string, PropertyValue> values) => await Guard(async () =>
        {
            var results = await grains.GetGrain<IDeviceGrain>(id).SetProperties([.. values.Select(v => new PropertyWrite(v.Key, v.Value))]);
            return Results.Ok(results);
        }));

        devices.MapPost("/{id}/actions/{action}", async (string id, string action, ActionRequest? request) => await Guard(async () =>
            Results.Ok(await grains.GetGrain<IDeviceGrain>(id).InvokeAction(action, request?.In ?? []))));
    }

    /// <summary>Large enough that a million devices are a hundred requests, small enough that one request's body (tens of MB) is parsed at once.</summary>
    public const int MaxBulk = 10_000;

    /// <summary>A registration's answer; <see cref="BulkCredentialsResult"/> writes the same fields for each device of a bulk.</summary>
    private static object Credentials(ProvisionedDevice device, string secret, MqttConnectionInfo mqtt, bool householdCreated) => new
    {
        device,
        householdCreated,
        mqtt = new
        {
            host = mqtt.Host,
            port = mqtt.Port,
            clientId = device.DeviceId,
            username = device.DeviceId,
            password = secret,
            topicPrefix = $"aiot/{device.DeviceId}/",
        },
    };

    private static async Task<IResult> Guard(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ProvisioningException ex)
        {
            var status = ex.Error switch
            {
                ProvisioningError.NotFound => StatusCodes.Status404NotFound,
                ProvisioningError.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Results.Problem(ex.Message, statusCode: status);
        }
        catch (DeviceException ex)
        {
            return Results.Problem(ex.Message, statusCode: ex.Code == MiotCodes.DeviceIdError ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
        catch (JsonException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static IResult NotFound(string id) =>
        Results.Problem($"Device '{id}' is not registered; GET /api/devices lists the registered devices.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>POST /api/devices: {"model": "outlet", "household": "home", "room": "kitchen", "name": "Kettle", "id": "kettle"}.</summary>
public sealed record RegisterDeviceRequest(string? Model, string? Household = null, string? Room = null, string? Name = null, string? Id = null)
{
    internal DeviceProvisionRequest ToProvisionRequest() => new(Model ?? "", Household, Room, Name, Id);
}

/// <summary>POST /api/devices/bulk: {"devices": [registration, ...]}; all are registered, or none.</summary>
public sealed record BulkRegisterRequest(IReadOnlyList<RegisterDeviceRequest>? Devices);

/// <summary>GET /api/devices: a page in id order; pass <see cref="Next"/> as ?after= for the next one (null on the last).</summary>
public sealed record DeviceListPage(IReadOnlyList<ProvisionedDevice> Devices, string? Next, long Count);

internal sealed record ActionRequest(IReadOnlyList<PropertyValue>? In);

/// <summary>Where devices connect, as told to whoever provisions one.</summary>
internal sealed record MqttConnectionInfo(string Host, int Port);
