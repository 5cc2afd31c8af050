using System.Diagnostics;
using System.Text.Json;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>train [--seed S] [--count N] [--energies-kev LIST] [--work DIR] | [--input DIR] [--model-dir DIR] [--tracks-csv FILE]</c>: generates
/// electrons and photons (or reads <c>--input</c>), measures them with the pipeline's own stages, labels them from
/// their truth, fits the gradient-boosted classifier with ML.NET and writes <c>classifier.zip</c> (ML.NET's model),
/// <c>classifier.onnx</c> (its ONNX export, what the run scores with) + <c>classifier.json</c> (provenance) into <c>--model-dir</c> (default <c>config/models</c> of the current folder: run it from the repository root),
/// and the same three files to the model path <c>run</c> and <c>evaluate</c> read when that is elsewhere (<see cref="RunModelCopy"/>).
/// </summary>
public static class TrainCommand
{
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("ML.NET and the provenance's reflection JSON: left out of the Native AOT build (Learner)")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("ML.NET and the provenance's reflection JSON: left out of the Native AOT build (Learner)")]
    public static Task<int> ExecuteAsync(string[] args, TextWriter output)
    {
        using var setup = LearningSetup.Parse(args, "train", ["--model-dir", "--tracks-csv"]);
        setup.RefuseGenerationOptionsBesideInput();
        var modelDir = setup.Extra.GetValueOrDefault("--model-dir") ?? Path.Combine("config", "models");
        // Stopped, it says so and removes its temporary files; those of an earlier train killed outright go now (breaker19 F7).
        App.Hosting.CommandStop.RemoveLeftoversOfDeadProcesses(modelDir);
        using var stop = App.Hosting.CommandStop.Register("train");
        var sw = Stopwatch.StartNew();
        try
        {
            var training = setup.Options<TrainingSettings>();
            training.Seed = setup.Seed;
            var detector = setup.Options<Pipeline.DetectorOptions>();
            // The deepest drift drawn, bounded by the medium as --depth is (one check, the detector settings'); the rest of
            // that check passed with the settings.
            if (Hosting.StageFactory.Problems(detector, training.DriftDepthSpreadM).FirstOrDefault() is { } deep)
                throw new Microsoft.Extensions.Options.OptionsValidationException(TrainingSettings.Section, typeof(TrainingSettings), [deep]);
            var (sources, description) = setup.Tracks(output);
            output.WriteLine($"measuring {sources.Count} tracks ({setup.View} view)");
            var tracks = setup.Measure(sources, output, depthSpreadM: training.DriftDepthSpreadM);
            double measured = sw.Elapsed.TotalSeconds;
            var (model, heldOut, provenance) = ClassifierTraining.Train(tracks, training, setup.Options<LabelSettings>(), setup.View, description, setup.Classifier.PairCriteria);
            provenance["detector"] = new System.Text.Json.Nodes.JsonObject
            {
                ["readout"] = detector.Readout, ["medium"] = detector.Medium, ["depth_m"] = detector.DepthM, ["depth_drawn_per_track_up_to_m"] = detector.DepthM + training.DriftDepthSpreadM,
                ["run_seed"] = setup.Options<Pipeline.RunOptions>().Seed,
                // The presets' values, as run.json records them: run compares them, so a copied preset with another pitch is
                // another readout and the same preset named by another path is not (breaker18 item 4).
                [Hosting.DetectorPresetValues.ReportKey] = Hosting.DetectorPresetValues.Of(detector),
                ["note"] = "the features depend on the readout: a model applies to the readout it was trained with",
            };
            var classifier = setup.Classifier;
            provenance["feature_settings"] = new System.Text.Json.Nodes.JsonObject
            {
                ["end_charge_radius_mm"] = classifier.EndChargeRadiusMm,
                ["end_plateau_from_mm"] = classifier.EndPlateauFromMm,
                ["end_plateau_to_mm"] = classifier.EndPlateauToMm,
                ["detached_cone_deg"] = classifier.DetachedConeDeg,
                ["start_stem_from_mm"] = classifier.StartStemFromMm,
                ["start_stem_to_mm"] = classifier.StartStemToMm,
                ["start_branch_radius_mm"] = classifier.StartBranchRadiusMm,
                // The reco_* features' level (pixels or raw): a run at another level is refused (ClassifierModelFit).
                [App.Hosting.ClassifierModelFit.RecordedReconstructionLevel] = setup.Options<Reconstruction.ReconstructionSettings>().Level.ToLowerInvariant(),
                ["topology"] = JsonSerializer.SerializeToNode(setup.Options<Topology.TopologySettings>()),
                ["note"] = "the features depend on these: a run with other values needs a retrained model",
            };
            // The held-out figures above are of this decision: the pair operating point is a run setting, not part of the model.
            provenance["decision"] = new System.Text.Json.Nodes.JsonObject
            {
                ["pair_min_probability"] = classifier.PairMinProbability,
                ["note"] = "a track is predicted a pair when P(symmetric) + P(weird) reaches this (Classifier:PairMinProbability); the held-out metrics use it",
            };
            provenance["seconds_generate_and_measure"] = Math.Round(measured, 1);
            provenance["seconds_fit"] = Math.Round(sw.Elapsed.TotalSeconds - measured, 1);
            provenance["retrain"] = setup.Input is { } input
                ? $"dotnet run --project src/TrackPipeline -c Release -- train --input {Path.GetFullPath(input)}"
                : $"dotnet run --project src/TrackPipeline -c Release -- train --seed {setup.Seed} --count {setup.CountPerEnergy} --energies-kev {string.Join(',', setup.EnergiesKev)}";
            Directory.CreateDirectory(modelDir);
            var trainedZip = Path.Combine(modelDir, "classifier.zip");
            var trainedOnnx = Path.Combine(modelDir, "classifier.onnx");
            var trainedJson = Path.Combine(modelDir, "classifier.json");
            // What run, evaluate and the quest score with: the trees' ONNX export, read by ONNX Runtime. The zip stays
            // (ML.NET's own model) to study or export again; the provenance says which graph belongs to it.
            var graph = model.ToOnnx();
            provenance["onnx"] = new System.Text.Json.Nodes.JsonObject
            {
                ["file"] = Path.GetFileName(trainedOnnx),
                ["sha256"] = ClassifierModel.DigestOf(graph),
                ["bytes"] = graph.Length,
                ["converter"] = "Microsoft.ML.OnnxConverter " + BoostedTrees.ConverterVersion,
                ["runtime"] = "Microsoft.ML.OnnxRuntime " + ClassifierModel.RuntimeVersion,
                ["note"] = "run, evaluate and the quest score this graph with ONNX Runtime (Classifier:ModelPath); classifier.zip is the same trees as ML.NET saved them",
            };
            model.Save(trainedZip);
            model.SaveOnnx(trainedOnnx);
            Output.AtomicFile.WriteAllTextAsync(trainedJson,
                provenance.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n").GetAwaiter().GetResult();
            model.Dispose();
            var runReads = RunModelCopy.Install(trainedOnnx, trainedZip, trainedJson, classifier, Console.Error);
            // The fitted features of every track, for studies of the fit (cross-validation, weights) without measuring again.
            if (setup.Extra.GetValueOrDefault("--tracks-csv") is { } csv)
                Output.AtomicFile.WriteAllTextAsync(csv, TrackTable.ToCsv(tracks)).GetAwaiter().GetResult();
            output.WriteLine(heldOut.ToMarkdown($"Held-out {(setup.Input is null ? "generated" : "read")} tracks ({heldOut.Tracks}, {100 * training.HoldOutFraction:0} % of the sample, never fitted)"));
            output.WriteLine($"model and provenance written to {Path.GetFullPath(modelDir)} in {sw.Elapsed.TotalSeconds:F0} s{runReads.Describe()}");
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (LearningSetup.IsUserFailure(e))
        {
            return Task.FromResult(LearningSetup.ReportFailure("train", e));
        }
    }
}
