# ruff: noqa
# flake8: noqa
"""TextEE's end-to-end loader and scorer, verbatim: a test-only oracle, never imported by the package.

Provenance: github.com/ej0cl6/TextEE at commit 25d5dcacdd748ed7bdbbdffbde0f628adc6704ba
(Apache License 2.0, Copyright the TextEE authors):
- ``load_E2E_data``: TextEE/utils.py lines 222-281
- ``compute_E2E_scores`` and the six ``compute_E2E_*_score`` functions, ``safe_div``,
  ``compute_f1``: TextEE/scorer.py lines 76-91 and 339-487
Only this docstring and the blank lines between the two files' parts were added.
"""

def load_E2E_data(data, add_extra_info_fn, config):
    
    instances = []
    for dt in data:

        entities = dt['entity_mentions']

        event_mentions = dt['event_mentions']
        event_mentions.sort(key=lambda x: x['trigger']['start'])

        events = []
        entity_map = {entity['id']: entity for entity in entities}
        for i, event_mention in enumerate(event_mentions):
            # trigger = (start index, end index, event type, text span)
            trigger = (event_mention['trigger']['start'], 
                       event_mention['trigger']['end'], 
                       event_mention['event_type'], 
                       event_mention['trigger']['text'])

            arguments = []
            for arg in event_mention['arguments']:
                mapped_entity = entity_map[arg['entity_id']]
                
                # argument = (start index, end index, role type, text span)
                argument = (mapped_entity['start'], mapped_entity['end'], arg['role'], arg['text'])
                arguments.append(argument)

            arguments.sort(key=lambda x: (x[0], x[1]))
            events.append({"trigger": trigger, "arguments": arguments})

        events.sort(key=lambda x: (x['trigger'][0], x['trigger'][1]))
        
        instance = {"doc_id": dt["doc_id"], 
                    "wnd_id": dt["wnd_id"], 
                    "tokens": dt["tokens"], 
                    "text": dt["text"], 
                    "events": events, 
                   }

        instances.append(instance)

    trigger_type_set = set()
    for instance in instances:
        for event in instance['events']:
            trigger_type_set.add(event['trigger'][2])

    role_type_set = set()
    for instance in instances:
        for event in instance['events']:
            for argument in event["arguments"]:
                role_type_set.add(argument[2])
                
    type_set = {"trigger": trigger_type_set, "role": role_type_set}
    
    # approach-specific preprocessing
    new_instances = add_extra_info_fn(instances, data, config)
    assert len(new_instances) == len(instances)
    
    return new_instances, type_set


def compute_E2E_scores(preds, golds, metrics={"trigger_id", "trigger_cls", "argument_id", "argument_cls", "argument_attached_id", "argument_attached_cls"}):
    assert len(preds) == len(golds)
    scores = {}
    if "trigger_id" in metrics:
        scores["trigger_id"] = compute_E2E_trigger_id_score(preds, golds)
    if "trigger_cls" in metrics:
        scores["trigger_cls"] = compute_E2E_trigger_cls_score(preds, golds)
    if "argument_id" in metrics:
        scores["argument_id"] = compute_E2E_argument_id_score(preds, golds)
    if "argument_cls" in metrics:
        scores["argument_cls"] = compute_E2E_argument_cls_score(preds, golds)
    if "argument_attached_id" in metrics:
        scores["argument_attached_id"] = compute_E2E_argument_attached_id_score(preds, golds)
    if "argument_attached_cls" in metrics:
        scores["argument_attached_cls"] = compute_E2E_argument_attached_cls_score(preds, golds)
    return scores

def compute_E2E_trigger_id_score(preds, golds):
    gold_tri_id, pred_tri_id = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        gold_tri_id_ = [(gold["doc_id"], gold["wnd_id"], e["trigger"][0], e["trigger"][1]) for e in gold["events"]]
        pred_tri_id_ = [(pred["doc_id"], pred["wnd_id"], e["trigger"][0], e["trigger"][1]) for e in pred["events"]]
        gold_tri_id.extend(gold_tri_id_)
        pred_tri_id.extend(pred_tri_id_)
        
    gold_tri_id = set(gold_tri_id)
    pred_tri_id = set(pred_tri_id)
    tri_id_f1 = compute_f1(len(pred_tri_id), len(gold_tri_id), len(gold_tri_id & pred_tri_id))
    scores = {
        "pred_num": len(pred_tri_id), 
        "gold_num": len(gold_tri_id), 
        "match_num": len(gold_tri_id & pred_tri_id), 
        "precision": tri_id_f1[0], 
        "recall": tri_id_f1[1], 
        "f1": tri_id_f1[2], 
    }
    return scores

def compute_E2E_trigger_cls_score(preds, golds):
    gold_tri_cls, pred_tri_cls = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        gold_tri_cls_ = [(gold["doc_id"], gold["wnd_id"], e["trigger"][0], e["trigger"][1], e["trigger"][2]) for e in gold["events"]]
        pred_tri_cls_ = [(pred["doc_id"], pred["wnd_id"], e["trigger"][0], e["trigger"][1], e["trigger"][2]) for e in pred["events"]]
        gold_tri_cls.extend(gold_tri_cls_)
        pred_tri_cls.extend(pred_tri_cls_)
        
    gold_tri_cls = set(gold_tri_cls)
    pred_tri_cls = set(pred_tri_cls)
    tri_cls_f1 = compute_f1(len(pred_tri_cls), len(gold_tri_cls), len(gold_tri_cls & pred_tri_cls))
    scores = {
        "pred_num": len(pred_tri_cls), 
        "gold_num": len(gold_tri_cls), 
        "match_num": len(gold_tri_cls & pred_tri_cls), 
        "precision": tri_cls_f1[0], 
        "recall": tri_cls_f1[1], 
        "f1": tri_cls_f1[2], 
    }
    return scores

def compute_E2E_argument_id_score(preds, golds):
    gold_arg_id, pred_arg_id = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        for event in gold["events"]:
            gold_arg_id_ = [(gold["doc_id"], gold["wnd_id"], event["trigger"][2], r[0], r[1]) for r in event["arguments"]]
            gold_arg_id.extend(gold_arg_id_)
        for event in pred["events"]:
            pred_arg_id_ = [(pred["doc_id"], pred["wnd_id"], event["trigger"][2], r[0], r[1]) for r in event["arguments"]]
            pred_arg_id.extend(pred_arg_id_)
        
    gold_arg_id = set(gold_arg_id)
    pred_arg_id = set(pred_arg_id)
    arg_id_f1 = compute_f1(len(pred_arg_id), len(gold_arg_id), len(gold_arg_id & pred_arg_id))
    scores = {
        "pred_num": len(pred_arg_id), 
        "gold_num": len(gold_arg_id), 
        "match_num": len(gold_arg_id & pred_arg_id), 
        "precision": arg_id_f1[0], 
        "recall": arg_id_f1[1], 
        "f1": arg_id_f1[2], 
    }
    return scores

def compute_E2E_argument_cls_score(preds, golds):
    gold_arg_cls, pred_arg_cls = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        for event in gold["events"]:
            gold_arg_cls_ = [(gold["doc_id"], gold["wnd_id"], event["trigger"][2], r[0], r[1], r[2]) for r in event["arguments"]]
            gold_arg_cls.extend(gold_arg_cls_)
        for event in pred["events"]:
            pred_arg_cls_ = [(pred["doc_id"], pred["wnd_id"], event["trigger"][2], r[0], r[1], r[2]) for r in event["arguments"]]
            pred_arg_cls.extend(pred_arg_cls_)
        
    gold_arg_cls = set(gold_arg_cls)
    pred_arg_cls = set(pred_arg_cls)
    arg_cls_f1 = compute_f1(len(pred_arg_cls), len(gold_arg_cls), len(gold_arg_cls & pred_arg_cls))
    scores = {
        "pred_num": len(pred_arg_cls), 
        "gold_num": len(gold_arg_cls), 
        "match_num": len(gold_arg_cls & pred_arg_cls), 
        "precision": arg_cls_f1[0], 
        "recall": arg_cls_f1[1], 
        "f1": arg_cls_f1[2], 
    }
    return scores

def compute_E2E_argument_attached_id_score(preds, golds):
    gold_arg_id, pred_arg_id = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        for event in gold["events"]:
            gold_arg_id_ = [(gold["doc_id"], gold["wnd_id"], event["trigger"][0], event["trigger"][1], event["trigger"][2], r[0], r[1]) for r in event["arguments"]]
            gold_arg_id.extend(gold_arg_id_)
        for event in pred["events"]:
            pred_arg_id_ = [(pred["doc_id"], pred["wnd_id"], event["trigger"][0], event["trigger"][1], event["trigger"][2], r[0], r[1]) for r in event["arguments"]]
            pred_arg_id.extend(pred_arg_id_)
        
    gold_arg_id = set(gold_arg_id)
    pred_arg_id = set(pred_arg_id)
    arg_id_f1 = compute_f1(len(pred_arg_id), len(gold_arg_id), len(gold_arg_id & pred_arg_id))
    scores = {
        "pred_num": len(pred_arg_id), 
        "gold_num": len(gold_arg_id), 
        "match_num": len(gold_arg_id & pred_arg_id), 
        "precision": arg_id_f1[0], 
        "recall": arg_id_f1[1], 
        "f1": arg_id_f1[2], 
    }
    return scores

def compute_E2E_argument_attached_cls_score(preds, golds):
    gold_arg_cls, pred_arg_cls = [], []
    for pred, gold in zip(preds, golds):
        assert pred["doc_id"] == gold["doc_id"] and pred["wnd_id"] == gold["wnd_id"]
        for event in gold["events"]:
            gold_arg_cls_ = [(gold["doc_id"], gold["wnd_id"], event["trigger"][0], event["trigger"][1], event["trigger"][2], r[0], r[1], r[2]) for r in event["arguments"]]
            gold_arg_cls.extend(gold_arg_cls_)
        for event in pred["events"]:
            pred_arg_cls_ = [(pred["doc_id"], pred["wnd_id"], event["trigger"][0], event["trigger"][1], event["trigger"][2], r[0], r[1], r[2]) for r in event["arguments"]]
            pred_arg_cls.extend(pred_arg_cls_)
        
    gold_arg_cls = set(gold_arg_cls)
    pred_arg_cls = set(pred_arg_cls)
    arg_cls_f1 = compute_f1(len(pred_arg_cls), len(gold_arg_cls), len(gold_arg_cls & pred_arg_cls))
    scores = {
        "pred_num": len(pred_arg_cls), 
        "gold_num": len(gold_arg_cls), 
        "match_num": len(gold_arg_cls & pred_arg_cls), 
        "precision": arg_cls_f1[0], 
        "recall": arg_cls_f1[1], 
        "f1": arg_cls_f1[2], 
    }
    return scores

def safe_div(num, denom):
    return num / denom if denom > 0 else 0.0

def compute_f1(predicted, gold, matched):
    precision = safe_div(matched, predicted)
    recall = safe_div(matched, gold)
    f1 = safe_div(2 * precision * recall, precision + recall)
    return precision*100.0, recall*100.0, f1*100.0

